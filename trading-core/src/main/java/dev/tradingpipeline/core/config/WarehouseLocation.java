package dev.tradingpipeline.core.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a {@code paths.warehouse} that cannot be a warehouse of ours, before Spark starts: the
 * tables' folders are created under it, and maintenance removes files there that no table
 * references, so a file-system root, a home folder or a folder of someone else's files must never
 * be one. A warehouse is accepted when it does not exist yet, is empty, or holds at top level
 * only our namespaces' folders and the commit lock file.
 */
public final class WarehouseLocation {

    /** The warehouse's commit lock file (the local target's Hadoop catalog), the one file of ours a new warehouse may hold. */
    public static final String LOCK_FILE = ".trading-commit.lock";

    /** The namespaces the pipeline's tables live in (IcebergTables, GoldTables). */
    public static final List<String> NAMESPACES = List.of("bronze", "silver", "gold", "ops");

    private WarehouseLocation() {
    }

    /** Why the resolved warehouse location is refused, or empty when it is acceptable. */
    public static Optional<String> problem(String location) {
        String home = System.getProperty("user.home");
        return problem(location, home == null || home.isBlank() ? null : Path.of(home));
    }

    static Optional<String> problem(String location, Path home) {
        String w = location.trim();
        if (!w.startsWith("file:") && w.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return bucketRoot(w);
        }
        Path p;
        try {
            p = (w.startsWith("file:") ? Path.of(URI.create(w)) : Path.of(w)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) { // InvalidPathException too
            return Optional.of("'" + location + "' is not a valid path: " + e.getMessage());
        }
        Path real = p;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            // not there yet (created on first use) or unreadable: judged as written
        }
        if (p.getParent() == null || real.getParent() == null) {
            return Optional.of("'" + location + "' is a file-system root, not a warehouse folder");
        }
        if (home != null) {
            Path h = home.toAbsolutePath().normalize();
            Path hReal = h;
            try {
                hReal = h.toRealPath();
            } catch (IOException e) {
                // a home that is not there: compared as written
            }
            if (h.startsWith(p) || hReal.startsWith(real)) {
                return Optional.of("'" + location + "' is " + (h.equals(p) || hReal.equals(real)
                        ? "the home folder" : "a folder holding the home folder (" + h + ")") + ", not a warehouse folder");
            }
        }
        if (Files.isRegularFile(real)) {
            return Optional.of("'" + location + "' is a file, not a folder");
        }
        if (!Files.isDirectory(real)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                // macOS's Finder leaves .DS_Store in every folder it shows
                boolean ours = (name.equals(LOCK_FILE) || name.equals(".DS_Store"))
                        && Files.isRegularFile(e)
                        || Files.isDirectory(e) && (NAMESPACES.contains(name)
                                || name.endsWith(".db") && NAMESPACES.contains(name.substring(0, name.length() - 3)));
                if (!ours) {
                    return Optional.of("'" + location + "' holds '" + name + "', which is not of a warehouse (one"
                            + " holds only the folders " + String.join(", ", NAMESPACES) + " and "
                            + LOCK_FILE + "): give an empty or new folder");
                }
            }
        } catch (IOException e) {
            return Optional.of("'" + location + "' cannot be read: " + e);
        }
        return Optional.empty();
    }

    /** An object store warehouse must be a prefix inside its bucket, not the bucket. */
    private static Optional<String> bucketRoot(String w) {
        URI u;
        try {
            u = URI.create(w);
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + w + "' is not a valid URI: " + e.getMessage());
        }
        String path = u.getPath();
        if (path == null || path.replace("/", "").isEmpty()) {
            return Optional.of("'" + w + "' is the root of a bucket, not a warehouse prefix in it (e.g. "
                    + w.replaceAll("/+$", "") + "/warehouse)");
        }
        return Optional.empty();
    }
}
