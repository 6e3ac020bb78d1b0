package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is the users' reference of every key, generated from the key definitions:
 * it must be what {@link ConfigReference#render()} gives today, and document every key.
 */
class ConfigReferenceTest {

    private static final Path TOP = Path.of("..");

    @Test
    void theCommittedPageIsTheRenderedOne() throws Exception {
        String committed = Files.readString(TOP.resolve(ConfigReference.PAGE), StandardCharsets.UTF_8);
        assertThat(committed)
                .as("%s is stale: regenerate it from the repository's top with%n  %s%n", ConfigReference.PAGE,
                        ConfigReference.REGENERATE)
                .isEqualTo(ConfigReference.render());
    }

    @Test
    void everyKeyIsOnThePageWithItsDescription() {
        String page = ConfigReference.render();
        for (ConfigKey key : ConfigKeys.all().values()) {
            String documented = key.name();
            for (String mode : ConfigKeys.MODES) {
                documented = documented.replace("sizing." + mode + ".", "sizing.<mode>.");
            }
            assertThat(key.description()).as("the description of %s", key.name()).isNotBlank().endsWith(".");
            assertThat(page).as("the row of `%s`", documented)
                    .contains("| `" + documented + "` |")
                    .contains(key.description().replace("|", "\\|") + " |");
        }
    }

    @Test
    void theSizingKeysOfEveryModeShareOneRowThatNamesTheDefaultsByMode() {
        String page = ConfigReference.render();
        assertThat(page).doesNotContain("`sizing.bootstrap.").doesNotContain("`sizing.daily.");
        assertThat(page).contains("| `sizing.<mode>.driver-memory` | size (`512m`, `2g`) | `6g` (bootstrap), `4g` (daily,"
                + " strategy, maintenance, report) |");
        assertThat(page).contains("| `sizing.<mode>.driver-cores` | integer >= 1 | `2` |");
    }

    @Test
    void thePageGroupsKeysBySectionAndGivesTypesDefaultsAndLimits() {
        String page = ConfigReference.render();
        assertThat(page).contains("## maintenance\n").contains("## setup\n");
        assertThat(page.indexOf("## ingest\n")).isLessThan(page.indexOf("`ingest.files-per-batch`"));
        assertThat(page.indexOf("`ingest.max-uncompressed-size`")).isLessThan(page.indexOf("## maintenance\n"));
        assertThat(page).contains("| `statistics.bootstrap.draws` | integer >= 0, at most 100000 | `1000` |");
        assertThat(page).contains("| `target` | one of `local`, `emr`, `spark` | `local` |");
        assertThat(page).contains("| `catalog.uri` | text | (none) |");
        assertThat(page).contains("`write.target-file-size-bytes=536870912`");
    }

    @Test
    void theDevelopmentGuideGivesTheCommandThatRegeneratesThePage() throws Exception {
        assertThat(Files.readString(TOP.resolve("docs/development.md"), StandardCharsets.UTF_8))
                .contains(ConfigReference.REGENERATE);
    }
}
