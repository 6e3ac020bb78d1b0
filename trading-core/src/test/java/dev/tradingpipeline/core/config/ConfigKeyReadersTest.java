package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The grouping of the keys by who reads them ({@link ConfigKeys#readerOf}) holds against the code:
 * a key read by the job's code is declared as the job's (or both), one read by the plugin's code as
 * the plugin's (or both). Reads are found as uses of the key's constant ({@code ConfigKeys.EMR_TAGS})
 * or, for the open maps, of their prefix ({@code map("spark-conf")}).
 */
class ConfigKeyReadersTest {

    private static final Path JOB = Path.of("../trading-jobs/src/main/java");
    private static final Path PLUGIN = Path.of("../trading-maven-plugin/src/main/java");
    private static final Pattern CONSTANT = Pattern.compile("ConfigKeys\\.([A-Z][A-Z0-9_]*)\\b");
    private static final Pattern MAP = Pattern.compile("\\.map\\(\"([a-z-]+)\"\\)");
    private static final Pattern SIZING = Pattern.compile("ConfigKeys\\.sizing\\(");

    @Test
    void everyKeyHasAReader() {
        assertThat(ConfigKeys.all().keySet()).allSatisfy(k -> assertThat(ConfigKeys.readerOf(k)).isNotNull());
    }

    @Test
    void whatTheCodeReadsIsDeclaredForItsReader() throws Exception {
        Map<String, String> constants = keyConstants();
        Map<String, Set<ConfigKeys.Reader>> readBy = new LinkedHashMap<>();
        collect(JOB, ConfigKeys.Reader.JOB, constants, readBy);
        collect(PLUGIN, ConfigKeys.Reader.PLUGIN, constants, readBy);
        // the scan found what it should: the modules do read keys
        assertThat(readBy).containsKeys(ConfigKeys.INGEST_FILES_PER_BATCH, ConfigKeys.EMR_APPLICATION_ID,
                ConfigKeys.PATHS_WAREHOUSE, "spark-conf.*", "table-properties.*");
        assertThat(readBy.get(ConfigKeys.PATHS_WAREHOUSE))
                .containsExactlyInAnyOrder(ConfigKeys.Reader.JOB, ConfigKeys.Reader.PLUGIN);

        assertThat(misplaced(readBy)).as("keys read outside their declared reader (ConfigKeys.READERS)").isEmpty();
    }

    @Test
    void aKeyReadOutsideItsGroupIsCaught() {
        // the check above, on made-up reads: the job reading an EMR key, the plugin an ingest key
        Map<String, Set<ConfigKeys.Reader>> readBy = new LinkedHashMap<>();
        readBy.put(ConfigKeys.EMR_APPLICATION_ID, EnumSet.of(ConfigKeys.Reader.JOB));
        readBy.put(ConfigKeys.INGEST_FILES_PER_BATCH, EnumSet.of(ConfigKeys.Reader.PLUGIN));
        readBy.put(ConfigKeys.PATHS_WAREHOUSE, EnumSet.of(ConfigKeys.Reader.JOB, ConfigKeys.Reader.PLUGIN));

        assertThat(misplaced(readBy)).containsExactly(
                "emr.application-id is declared as read by the plugin but the job reads it",
                "ingest.files-per-batch is declared as read by the job but the plugin reads it");
    }

    /** The reads that their key's declared reader does not cover. */
    private static List<String> misplaced(Map<String, Set<ConfigKeys.Reader>> readBy) {
        List<String> wrong = new ArrayList<>();
        readBy.forEach((key, readers) -> {
            ConfigKeys.Reader declared = ConfigKeys.readerOf(key);
            for (ConfigKeys.Reader r : readers) {
                if (declared != ConfigKeys.Reader.BOTH && declared != r) {
                    wrong.add(key + " is declared as read by " + declared.words() + " but " + r.words() + " reads it");
                }
            }
        });
        return wrong;
    }

    private static Map<String, String> keyConstants() throws IllegalAccessException {
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field f : ConfigKeys.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String value = (String) f.get(null);
                if (ConfigKeys.find(value).isPresent()) {
                    constants.put(f.getName(), value);
                }
            }
        }
        return constants;
    }

    private static void collect(Path root, ConfigKeys.Reader reader, Map<String, String> constants,
            Map<String, Set<ConfigKeys.Reader>> readBy) throws IOException {
        assertThat(root).isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher m = CONSTANT.matcher(code);
                while (m.find()) {
                    String key = constants.get(m.group(1));
                    if (key != null) {
                        readBy.computeIfAbsent(key, k -> EnumSet.noneOf(ConfigKeys.Reader.class)).add(reader);
                    }
                }
                Matcher map = MAP.matcher(code);
                while (map.find()) {
                    String key = map.group(1) + ".*";
                    if (ConfigKeys.find(key).isPresent()) {
                        readBy.computeIfAbsent(key, k -> EnumSet.noneOf(ConfigKeys.Reader.class)).add(reader);
                    }
                }
                if (SIZING.matcher(code).find()) {
                    String key = ConfigKeys.sizing(ConfigKeys.MODES.get(0), "driver-memory");
                    readBy.computeIfAbsent(key, k -> EnumSet.noneOf(ConfigKeys.Reader.class)).add(reader);
                }
            }
        }
    }
}
