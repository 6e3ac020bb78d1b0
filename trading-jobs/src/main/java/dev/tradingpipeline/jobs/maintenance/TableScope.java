package dev.tradingpipeline.jobs.maintenance;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;

/**
 * What maintenance may touch of one table: the files under the table's own location, and only
 * when that location is inside {@code paths.warehouse}. Iceberg metadata holds absolute paths, so
 * a copied warehouse still names the original's files; and Hadoop's local file system follows
 * symlinks. Either would let maintenance write or delete files the pipeline does not own.
 *
 * <p>Local paths are compared by their real paths (symlinks resolved), so a warehouse that is
 * itself a symlink is fine, while a table folder linked out of the warehouse is not.
 */
public final class TableScope {

    /** A table maintenance must not touch; its message says why and what to do. */
    public static final class OutsideWarehouseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        OutsideWarehouseException(String message) {
            super(message);
        }
    }

    /** A regular file found under the table, with its modification time. */
    record ListedFile(String path, long modifiedMillis) {
    }

    /** What a listing of the table's data and metadata folders found. */
    record Listing(List<ListedFile> files, List<String> symlinks) {
    }

    /** Table properties that put files somewhere other than the table's data and metadata folders. */
    private static final List<String> PATH_PROPERTIES = List.of(TableProperties.WRITE_DATA_LOCATION,
            TableProperties.WRITE_METADATA_LOCATION, TableProperties.OBJECT_STORE_PATH,
            TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

    private final String location;
    private final URI uri;
    /** The real path of a local table location; null for object stores, where there are no symlinks. */
    private final Path real;

    private TableScope(String location, URI uri, Path real) {
        this.location = location;
        this.uri = uri;
        this.real = real;
    }

    /**
     * The scope of a table, or an {@link OutsideWarehouseException} when its location, its metadata
     * file or a folder it writes to is not where maintenance may act.
     */
    static TableScope of(String qualifiedName, Table table, String warehouse, Configuration conf) {
        return of(qualifiedName, table, warehouse, conf, "maintenance does nothing to this table");
    }

    /**
     * As {@link #of(String, Table, String, Configuration)}, for any job about to write to or delete
     * from the table; {@code refusal} says what that job does instead (e.g. "the ingest writes nothing").
     */
    public static TableScope of(String qualifiedName, Table table, String warehouse, Configuration conf,
            String refusal) {
        String location = table.location();
        URI wh = normal(warehouse);
        URI loc = normal(location);
        boolean local = isLocal(wh, conf) && isLocal(loc, conf);
        Path realWarehouse = local ? real(localPath(wh)) : null;
        Path realLocation = local ? real(localPath(loc)) : null;
        if (local && strictlyUnder(localPath(loc).toAbsolutePath().normalize(), localPath(wh).toAbsolutePath()
                .normalize()) && !strictlyUnder(realLocation, realWarehouse)) {
            throw new OutsideWarehouseException(String.format(Locale.ROOT, "table %s's folder %s is a symlink to %s,"
                    + " outside paths.warehouse %s; " + refusal + ". Replace the link by the"
                    + " folder itself.", qualifiedName, location, realLocation, warehouse));
        }
        if (!(local ? strictlyUnder(realLocation, realWarehouse) : strictlyUnder(loc, wh))) {
            throw new OutsideWarehouseException(String.format(Locale.ROOT, "table %s's location %s is not under"
                    + " paths.warehouse %s: this warehouse looks copied from another (Iceberg metadata holds absolute"
                    + " paths, so a copy still points at the original's files); " + refusal + ". %s", qualifiedName, location,
                    warehouse, WHAT_TO_DO));
        }
        String metadataFile = ((HasTableOperations) table).operations().current().metadataFileLocation();
        if (metadataFile != null) {
            URI meta = normal(metadataFile);
            if (!(local ? isLocal(meta, conf) && strictlyUnder(real(localPath(meta)), realWarehouse)
                    : strictlyUnder(meta, wh))) {
                throw new OutsideWarehouseException(String.format(Locale.ROOT, "table %s's metadata file %s is not"
                        + " under paths.warehouse %s: the catalog holds a table of another warehouse; "
                        + refusal + ". %s", qualifiedName, metadataFile, warehouse, WHAT_TO_DO));
            }
        }
        TableScope scope = new TableScope(location, loc, realLocation);
        for (String key : PATH_PROPERTIES) {
            String value = table.properties().get(key);
            if (value != null && !scope.owns(value + "/x")) {
                throw new OutsideWarehouseException(String.format(Locale.ROOT, "table %s writes to %s (table"
                        + " property %s), outside its location %s; " + refusal + ". Unset"
                        + " the property (ALTER TABLE %s UNSET TBLPROPERTIES ('%s')) to have it looked after.",
                        qualifiedName, value, key, location, qualifiedName, key));
            }
        }
        for (String folder : List.of(location + "/data", location + "/metadata")) {
            if (!scope.owns(folder + "/x")) {
                throw new OutsideWarehouseException(String.format(Locale.ROOT, "table %s's folder %s is a symlink"
                        + " out of its location %s; " + refusal + ". Replace the link by the"
                        + " folder itself.", qualifiedName, folder, location));
            }
        }
        return scope;
    }

    static final String WHAT_TO_DO = "To work on the original, set paths.warehouse to the warehouse that holds"
            + " it. To make a copy of its own, copy each table with Iceberg's rewrite_table_path procedure (it writes"
            + " the metadata with the copy's paths and lists the files to copy), copy those files and register the"
            + " rewritten metadata in the copy's catalog with register_table; or load the copy afresh (bootstrap"
            + " from the landing files). A warehouse copied with cp must not be maintained or loaded into.";

    /** The table location as its metadata writes it. */
    String location() {
        return location;
    }

    /** True when the file systems in use are local folders, which the job lists itself. */
    boolean local() {
        return real != null;
    }

    /** Fails when a table loaded again has moved: its scope was checked for the other location. */
    void verify(String qualifiedName, Table table) {
        if (!table.location().equals(location)) {
            throw new OutsideWarehouseException("table " + qualifiedName + "'s location changed from " + location
                    + " to " + table.location() + " during maintenance; nothing more is done to it in this run");
        }
    }

    /**
     * True when maintenance may delete (or write) this file: it is under the table's location and,
     * on a local disk, its real path is too (no symlink leads out).
     */
    boolean owns(String file) {
        URI f;
        try {
            f = normal(file);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!strictlyUnder(f, uri)) {
            return false;
        }
        return real == null || strictlyUnder(real(localPath(f)), real);
    }

    /**
     * The regular files of the table's data and metadata folders modified before a time, as
     * Iceberg's orphan removal lists them (hidden names left out), but never through a symlink:
     * a symlink is not followed, not listed, and reported.
     */
    Listing listLocal(Table table, long olderThanMillis) throws IOException {
        if (real == null) {
            throw new IllegalStateException("not a local table: " + location);
        }
        Set<String> hiddenPartitions = table.specs().values().stream()
                .flatMap(spec -> spec.fields().stream())
                .map(PartitionField::name)
                .filter(n -> n.startsWith("_") || n.startsWith("."))
                .map(n -> n + "=")
                .collect(Collectors.toSet());
        List<ListedFile> files = new ArrayList<>();
        List<String> symlinks = new ArrayList<>();
        for (String folder : List.of(location + "/data", location + "/metadata")) {
            Path start = localPath(normal(folder));
            if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            // no FOLLOW_LINKS: a link is visited as a file, never descended into
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(start) && hidden(dir, hiddenPartitions) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String path = join(folder, start.relativize(file));
                    if (attrs.isSymbolicLink()) {
                        symlinks.add(path + " -> " + Files.readSymbolicLink(file));
                    } else if (attrs.isRegularFile() && !hidden(file, hiddenPartitions)
                            && attrs.lastModifiedTime().toMillis() < olderThanMillis) {
                        files.add(new ListedFile(path, attrs.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        symlinks.sort(null);
        return new Listing(files, symlinks);
    }

    private static String join(String folder, Path relative) {
        StringBuilder b = new StringBuilder(folder);
        for (Path part : relative) {
            b.append('/').append(part);
        }
        return b.toString();
    }

    /** Iceberg's hidden names (leading {@code _} or {@code .}), except partition folders of such fields. */
    private static boolean hidden(Path p, Set<String> hiddenPartitions) {
        String name = p.getFileName().toString();
        if (hiddenPartitions.stream().anyMatch(name::startsWith)) {
            return false;
        }
        return name.startsWith("_") || name.startsWith(".");
    }

    /** A location as a normalised URI: s3a and s3n are s3, no duplicate or trailing slashes. */
    static URI normal(String location) {
        URI u = new org.apache.hadoop.fs.Path(location.trim()).toUri();
        String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
        if ("s3a".equals(scheme) || "s3n".equals(scheme)) {
            scheme = "s3";
        }
        try {
            return new URI(scheme, u.getAuthority(), u.getPath(), null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a location: " + location, e);
        }
    }

    private static boolean isLocal(URI u, Configuration conf) {
        String scheme = u.getScheme() != null ? u.getScheme() : FileSystem.getDefaultUri(conf).getScheme();
        return scheme == null || "file".equals(scheme);
    }

    private static Path localPath(URI u) {
        return Path.of(u.getPath());
    }

    /** Same file system, and a path strictly below the other's. */
    private static boolean strictlyUnder(URI child, URI parent) {
        if (!java.util.Objects.equals(child.getScheme(), parent.getScheme()) && child.getScheme() != null
                && parent.getScheme() != null) {
            return false;
        }
        if (!java.util.Objects.equals(child.getAuthority(), parent.getAuthority())) {
            return false;
        }
        String p = parent.getPath().endsWith("/") ? parent.getPath() : parent.getPath() + "/";
        return child.getPath().startsWith(p) && child.getPath().length() > p.length();
    }

    private static boolean strictlyUnder(Path child, Path parent) {
        return child.startsWith(parent) && !child.equals(parent);
    }

    /**
     * The real path: symlinks resolved for the part that exists (a file not written yet, or
     * already deleted, keeps its name below its nearest existing folder).
     */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    @Override
    public String toString() {
        return location;
    }
}
