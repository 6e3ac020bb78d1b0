package dev.tradingpipeline.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with what the user gave (a configuration key, a strategy entry, a goal
 * parameter), as data: which key, where the user wrote it and what is wrong. The plugin and the
 * job collect problems into a list and report them all at once ({@link ConfigException}); nothing
 * parses a message back.
 *
 * @param key     the key or path the problem is about (e.g. {@code emr.application-id},
 *                {@code strategies[0].legs[1].delta}); null when it is about a whole source (a file
 *                that is not YAML)
 * @param source  where the user wrote it, as they would name it: {@code config.yaml: key 'x'}, a
 *                {@code -Dtrading.x} override, {@code config.yaml: strategies[0].x}
 * @param message what is wrong
 */
public record Problem(String key, String source, String message) implements Serializable {

    /** How an unknown key's line reads: {@code <source> is not a known key (did you mean ...?)}. */
    private static final String UNKNOWN = "is not a known key";

    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** A problem with a whole source or the command, not with one key. */
    public static Problem general(String source, String message) {
        return new Problem(null, source, message);
    }

    /** A key no definition knows, with a hint at the closest known key (or ""). */
    public static Problem unknownKey(String key, String source, String hint) {
        return new Problem(key, source, UNKNOWN + hint);
    }

    /** The line a user reads: {@code <source>: <message>}. */
    public String line() {
        if (source.isEmpty()) {
            return message;
        }
        return source + (message.startsWith(UNKNOWN) ? " " : ": ") + message;
    }

    @Override
    public String toString() {
        return line();
    }
}
