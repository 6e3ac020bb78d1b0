package dev.tradingpipeline.maven.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A job run that was started: enough for a later goal (watch, logs, cancel) to find it again.
 * Saved as JSON, for example in {@code target/trading/last-job-run.json}.
 *
 * @param clientToken the idempotency token StartJobRun was sent with
 */
public record SubmittedRun(String applicationId, String jobRunId, String arn, String name, String clientToken,
        Instant submittedAt) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes this run as JSON, creating parent folders. */
    public void write(Path file) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("applicationId", applicationId);
        node.put("jobRunId", jobRunId);
        node.put("arn", arn);
        node.put("name", name);
        node.put("clientToken", clientToken);
        node.put("submittedAt", submittedAt == null ? null : submittedAt.toString());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(node) + System.lineSeparator());
    }

    /**
     * Reads a run written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or lacks the application or run id
     */
    public static SubmittedRun read(Path file) throws IOException {
        JsonNode node = JSON.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + " does not hold a job run (expected a JSON object)");
        }
        String applicationId = text(node, "applicationId");
        String jobRunId = text(node, "jobRunId");
        if (applicationId == null || jobRunId == null) {
            throw new IOException(file + " does not name a job run (applicationId and jobRunId are required)");
        }
        String at = text(node, "submittedAt");
        Instant submittedAt;
        try {
            submittedAt = at == null ? null : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": submittedAt is not an ISO-8601 instant: " + at, e);
        }
        return new SubmittedRun(applicationId, jobRunId, text(node, "arn"), text(node, "name"),
                text(node, "clientToken"), submittedAt);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
