package dev.tradingpipeline.maven.deploy;


import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.records.JsonRecords;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a deploy put in S3 (or found there already): the job jar, its libraries and the config,
 * each under a key that carries its content hash. Written as JSON for the goals that submit runs.
 */
public record Deployment(Instant deployedAt, Artifact jobJar, List<Artifact> libraries, Artifact config) {

    /** One deployed file: its local name, where it is in S3, and whether this deploy uploaded it. */
    public record Artifact(String name, String uri, String sha256, long size, boolean uploaded) {

        public Artifact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(sha256, "sha256");
        }

        @JsonIgnore
        public S3Location location() {
            return S3Location.parse(uri);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("instants")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new InstantDeserializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Deployment {
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(jobJar, "jobJar");
        Objects.requireNonNull(config, "config");
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
    }

    /** Whether this deploy changed anything in S3. */
    public boolean uploadedAnything() {
        return allArtifacts().stream().anyMatch(Artifact::uploaded);
    }

    /** The job jar, the libraries and the config, in that order. */
    @JsonIgnore
    public List<Artifact> allArtifacts() {
        List<Artifact> all = new ArrayList<>();
        all.add(jobJar);
        all.addAll(libraries);
        all.add(config);
        return all;
    }

    public void write(Path json) {
        JsonRecords.write(JSON, this, json, "deployment record");
    }

    public static Deployment read(Path json) {
        return JsonRecords.read(JSON, json, Deployment.class, "deployment record");
    }

    /** ISO-8601 instants without jackson-datatype-jsr310 (one type does not justify a module). */
    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            if (text != null) {
                try {
                    return Instant.parse(text.trim());
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            return (Instant) ctx.handleWeirdStringValue(Instant.class, String.valueOf(text),
                    "expected an ISO-8601 instant");
        }
    }
}
