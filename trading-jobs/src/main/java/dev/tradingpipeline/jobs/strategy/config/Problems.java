package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import java.util.ArrayList;
import java.util.List;

/** Every problem found in the strategies, each naming the file and the path, reported at once. */
final class Problems {

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    /** How messages name the file, e.g. {@code config.yaml}. */
    String source() {
        return source;
    }

    void add(String path, String message) {
        problems.add(new Problem(path, source + ": " + path, message));
    }

    int count() {
        return problems.size();
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(ConfigException.INVALID_CONFIGURATION, problems);
        }
    }
}
