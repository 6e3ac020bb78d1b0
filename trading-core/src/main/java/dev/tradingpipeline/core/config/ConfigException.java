package dev.tradingpipeline.core.config;

/** A configuration problem, found before any work starts; the message names the key and its source. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
