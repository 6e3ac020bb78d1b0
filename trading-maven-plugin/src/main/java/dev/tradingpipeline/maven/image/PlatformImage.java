package dev.tradingpipeline.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One platform's image in a registry: its manifest and its configuration (architecture, user,
 * working directory, entrypoint, environment, labels).
 *
 * @param reference   the tag or digest it was looked up by
 * @param manifest    the image manifest (never a list)
 * @param indexDigest the manifest list or index the image was picked from, if any
 * @param config      the image configuration JSON
 */
public record PlatformImage(String registry, String repository, String reference, RegistryClient.Manifest manifest,
        Optional<String> indexDigest, JsonNode config) {

    /** The digest of the image manifest: what {@code repository@digest} pulls. */
    public String digest() {
        return manifest.digest();
    }

    /** The digest of the configuration, which Docker shows as the image id. */
    public String imageId() {
        return manifest.configDigest();
    }

    public String os() {
        return config.path("os").asText("");
    }

    public String architecture() {
        return config.path("architecture").asText("");
    }

    /** {@code <os>/<architecture>}. */
    public String platform() {
        return os() + "/" + architecture();
    }

    public String user() {
        return config.path("config").path("User").asText("");
    }

    public String workingDir() {
        return config.path("config").path("WorkingDir").asText("");
    }

    public List<String> entrypoint() {
        return strings(config.path("config").path("Entrypoint"));
    }

    public List<String> cmd() {
        return strings(config.path("config").path("Cmd"));
    }

    /** {@code NAME=value} entries, as in the configuration. */
    public List<String> env() {
        return strings(config.path("config").path("Env"));
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** The layer blobs' digests, base first. */
    public List<String> layerDigests() {
        return manifest.layerDigests();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
