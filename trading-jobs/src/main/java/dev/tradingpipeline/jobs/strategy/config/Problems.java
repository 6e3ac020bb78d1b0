package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** Every problem found in the strategies, each naming the file and the path, reported at once. */
final class Problems {

    /** The same header as TradingConfig's, so that callers that merge problem lists can split these too. */
    static final String HEADER = "Invalid configuration:\n  - ";

    private final String source;
    private final List<String> messages = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    /** How messages name the file, e.g. {@code config.yaml}. */
    String source() {
        return source;
    }

    void add(String path, String message) {
        messages.add(source + ": " + path + ": " + message);
    }

    int count() {
        return messages.size();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(HEADER + String.join("\n  - ", messages));
        }
    }
}
