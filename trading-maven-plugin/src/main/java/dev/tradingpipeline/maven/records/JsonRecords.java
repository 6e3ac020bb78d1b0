package dev.tradingpipeline.maven.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files goals leave for later goals ({@code target/trading/*.json}): written and read the same
 * way, with errors that say which record and where.
 */
public final class JsonRecords {

    private JsonRecords() {
    }

    /** Writes a record as JSON, creating parent folders. */
    public static void write(ObjectMapper json, Object record, Path file, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json.writeValueAsString(record) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a record written by {@link #write}. */
    public static <T> T read(ObjectMapper json, Path file, Class<T> type, String what) {
        try {
            return json.readValue(Files.readString(file), type);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("No " + what + " at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
