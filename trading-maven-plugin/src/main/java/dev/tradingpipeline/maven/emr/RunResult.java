package dev.tradingpipeline.maven.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a job run ended and what it cost, kept beside the {@link SubmittedRun} record of the run as
 * its {@code result} object (in {@code target/trading/last-job-run.json}).
 *
 * @param billed the billed resources, empty when GetJobRun did not report them
 * @param total  the resources used, empty when not reported
 * @param cost   the billed resources priced, empty when they were not reported
 */
public record RunResult(String jobRunId, String state, int attempt, Optional<ResourceUsage> billed,
        Optional<ResourceUsage> total, Optional<RunCost> cost) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Adds this result to the run record in {@code file} when that file records this run; a file
     * about another run (a later submit, or a watch of an older run) is left alone.
     *
     * @return whether the file was updated
     */
    public boolean recordIn(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        JsonNode node = JSON.readTree(file.toFile());
        if (!(node instanceof ObjectNode record) || !jobRunId.equals(record.path("jobRunId").asText(null))) {
            return false;
        }
        ObjectNode result = record.putObject("result");
        result.put("state", state);
        result.put("attempt", attempt);
        if (billed.isPresent()) {
            billed.get().writeTo(result.putObject("billedResourceUtilization"));
        } else {
            result.putNull("billedResourceUtilization");
        }
        if (total.isPresent()) {
            total.get().writeTo(result.putObject("totalResourceUtilization"));
        } else {
            result.putNull("totalResourceUtilization");
        }
        if (cost.isPresent()) {
            cost.get().writeTo(result.putObject("cost"));
        } else {
            result.putNull("cost");
        }
        Files.writeString(file, JSON.writeValueAsString(record) + System.lineSeparator());
        return true;
    }
}
