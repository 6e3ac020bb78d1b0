package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.cboe.CboeLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the landing location (a local folder or an s3:// prefix, recursively) for vendor files.
 *
 * <p>A local folder is walked here rather than by Hadoop, which follows symlinks without
 * remembering where it has been: a link to a parent folder made it list the same files again
 * and again under ever longer paths. This walk visits each real folder once and lists each real
 * file once; links that lead somewhere new (a landing folder of links is a normal set-up) are
 * followed. Where one file or folder is reached by two paths, the path without a symlink in it
 * wins, else the first in sorted order, so every run keys the same file by the same path in the
 * ledger. What was skipped, and why, is in {@link Listing#notes()}.
 */
public final class LandingScanner {
    /** Skips of one kind noted one by one; past that, counted in one note. */
    static final int MAX_NOTES_PER_KIND = 20;

    private final Configuration hadoopConf;

    public LandingScanner(Configuration hadoopConf) {
        this.hadoopConf = hadoopConf;
    }

    /**
     * The landing files in landing order, and a note for each thing the listing skipped.
     *
     * @param notes what was skipped and why (folders reached twice, files reached by two paths)
     */
    public record Listing(List<LandingFile> files, List<String> notes) {
    }

    /** Landing files in landing order: oldest modification first, then by name. */
    public Listing list(String landing) throws IOException {
        Path root = new Path(landing);
        FileSystem fs = root.getFileSystem(hadoopConf);
        List<LandingFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if ("file".equals(fs.getUri().getScheme())) {
            new LocalWalk(fs.makeQualified(root), landing, files, notes).run();
        } else {
            listWithHadoop(fs, root, landing, files);
        }
        files.sort(Comparator.comparingLong(LandingFile::modifiedAtMillis).thenComparing(LandingFile::name));
        return new Listing(List.copyOf(files), List.copyOf(notes));
    }

    /** An object store has no symlinks: Hadoop's own recursive listing is what it should be. */
    private static void listWithHadoop(FileSystem fs, Path root, String landing, List<LandingFile> files)
            throws IOException {
        RemoteIterator<LocatedFileStatus> it;
        try {
            it = fs.listFiles(root, true);
        } catch (FileNotFoundException e) {
            throw notFound(landing);
        }
        while (it.hasNext()) {
            LocatedFileStatus st = it.next();
            String name = st.getPath().getName();
            if (st.isFile() && isLandingFileName(name)) {
                files.add(new LandingFile(fs.makeQualified(st.getPath()).toString(), name, st.getLen(),
                        st.getModificationTime()));
            }
        }
    }

    private static boolean isLandingFileName(String name) {
        return !name.startsWith(".") && !name.startsWith("_") && CboeLayout.isLandingFileName(name);
    }

    private static FileNotFoundException notFound(String landing) {
        return new FileNotFoundException("Landing location " + landing + " (paths.landing) does not exist");
    }

    /**
     * The local walk. Paths are named as Hadoop names them (the qualified landing path plus the
     * names walked), so a tree without links is listed exactly as before; the real paths
     * (symlinks resolved) decide what was seen already.
     *
     * <p>The tree is walked in two rounds: first without entering any symlink, then the links
     * met, in the order met (sorted names, depth first), each followed wholly once its real
     * target is new. So a file or folder that is also reached through a link keeps its own path,
     * and adding a link to landing never changes the path of a file listed already.
     */
    private static final class LocalWalk {
        private final Path root;
        private final String landing;
        private final List<LandingFile> files;
        private final List<String> notes;
        private final Map<java.nio.file.Path, Path> foldersSeen = new HashMap<>();
        private final Map<java.nio.file.Path, Path> filesSeen = new HashMap<>();
        private final Deque<Path> links = new ArrayDeque<>();
        private final Map<String, Integer> skipped = new TreeMap<>();

        LocalWalk(Path root, String landing, List<LandingFile> files, List<String> notes) {
            this.root = root;
            this.landing = landing;
            this.files = files;
            this.notes = notes;
        }

        void run() throws IOException {
            java.nio.file.Path local = local(root);
            if (!Files.isDirectory(local)) {
                if (Files.isRegularFile(local)) {
                    // a single file as the landing location: listed as Hadoop lists it
                    addFile(root, local, false);
                    return;
                }
                throw notFound(landing);
            }
            foldersSeen.put(local.toRealPath(), root);
            walk(root, local, false);
            while (!links.isEmpty()) {
                Path link = links.removeFirst();
                java.nio.file.Path l = local(link);
                java.nio.file.Path real;
                try {
                    real = l.toRealPath();
                } catch (NoSuchFileException e) {
                    skip("broken-link", "landing entry " + link + " skipped: it is a symlink to nothing ("
                            + Files.readSymbolicLink(l) + ")");
                    continue;
                }
                if (Files.isDirectory(real)) {
                    enterFolder(link, l, real);
                } else if (Files.isRegularFile(real)) {
                    addFile(link, l, true);
                }
            }
            skipped.forEach((kind, n) -> {
                if (n > MAX_NOTES_PER_KIND) {
                    notes.add("landing listing: " + (n - MAX_NOTES_PER_KIND) + " more " + kindName(kind)
                            + " skipped, as the notes above say");
                }
            });
        }

        /**
         * Lists a folder's entries in name order.
         *
         * @param viaLink whether the folder was reached through a symlink: then links inside it
         *                are followed at once, as nothing in it can keep a path of its own
         */
        private void walk(Path dir, java.nio.file.Path localDir, boolean viaLink) throws IOException {
            List<String> names;
            try (Stream<java.nio.file.Path> s = Files.list(localDir)) {
                names = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            for (String name : names) {
                Path child = new Path(dir, new Path(null, null, name));
                java.nio.file.Path c = localDir.resolve(name);
                BasicFileAttributes own = Files.readAttributes(c, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (own.isSymbolicLink() && !viaLink) {
                    links.addLast(child);
                    continue;
                }
                java.nio.file.Path real;
                try {
                    real = c.toRealPath();
                } catch (NoSuchFileException e) {
                    skip("broken-link", "landing entry " + child + " skipped: it is a symlink to nothing ("
                            + Files.readSymbolicLink(c) + ")");
                    continue;
                }
                if (Files.isDirectory(real)) {
                    enterFolder(child, c, real);
                } else if (Files.isRegularFile(real)) {
                    addFile(child, c, viaLink || own.isSymbolicLink());
                }
            }
        }

        private void enterFolder(Path dir, java.nio.file.Path localDir, java.nio.file.Path real) throws IOException {
            Path first = foldersSeen.putIfAbsent(real, dir);
            if (first != null) {
                skip("folder", "landing folder " + dir + " skipped: it is " + first
                        + (isAncestor(first, dir) ? ", a folder it is inside of (a symlink loop)"
                                : ", listed already (the same folder reached by two paths)"));
                return;
            }
            walk(dir, localDir, true);
        }

        private void addFile(Path file, java.nio.file.Path local, boolean viaLink) throws IOException {
            String name = file.getName();
            if (!isLandingFileName(name)) {
                return;
            }
            java.nio.file.Path real = local.toRealPath();
            Path first = filesSeen.putIfAbsent(real, file);
            if (first != null) {
                skip("file", "landing file " + file + " skipped: it is the same file as " + first
                        + " (" + real + "), listed under that path");
                return;
            }
            BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class);
            files.add(new LandingFile(file.toString(), name, a.size(), a.lastModifiedTime().toMillis()));
        }

        private void skip(String kind, String note) {
            int n = skipped.merge(kind, 1, Integer::sum);
            if (n <= MAX_NOTES_PER_KIND) {
                notes.add(note);
            }
        }

        private static String kindName(String kind) {
            return switch (kind) {
                case "folder" -> "folder(s) reached a second time";
                case "file" -> "file(s) reached by a second path";
                default -> "symlink(s) to nothing";
            };
        }

        private static boolean isAncestor(Path a, Path b) {
            String p = a.toString();
            return b.toString().startsWith(p.endsWith("/") ? p : p + "/");
        }

        private static java.nio.file.Path local(Path p) {
            return Paths.get(p.toUri());
        }
    }
}
