package dev.tradingpipeline.maven.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config overrides from one place the user wrote them, with the label that errors name them by,
 * e.g. {@code -Dtrading.} ({@code -Dtrading.sample.days}) or {@code <overrides> entry }.
 */
public record OverrideSource(String label, Map<String, String> values) {

    public OverrideSource {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
