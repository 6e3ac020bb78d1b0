package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;

/**
 * The {@code source_file} column of bronze, rejects and silver: a landing file's path, or for a
 * row of an archive's entry, the archive's path, {@link LandingFileParser#ENTRY_SEPARATOR} and
 * the entry's name.
 */
final class SourceFiles {
    private SourceFiles() {
    }

    /** Rows of this landing file: its own lines, or those of its entries when it is an archive. */
    static Column ofFile(String path) {
        return col("source_file").equalTo(path)
                .or(col("source_file").startsWith(path + LandingFileParser.ENTRY_SEPARATOR));
    }

    /** {@link #ofFile} as a SQL condition, for any of these files. */
    static String sqlOfFiles(Set<String> paths) {
        return "(" + paths.stream().map(p -> {
            String quoted = "'" + p.replace("\\", "\\\\").replace("'", "\\'");
            return "source_file = " + quoted + "' OR startswith(source_file, " + quoted
                    + LandingFileParser.ENTRY_SEPARATOR + "')";
        }).collect(Collectors.joining(" OR ")) + ")";
    }

    /** The landing file a {@code source_file} value names. */
    static String landingPath(String sourceFile) {
        int entry = sourceFile.indexOf(LandingFileParser.ENTRY_SEPARATOR);
        return entry < 0 ? sourceFile : sourceFile.substring(0, entry);
    }
}
