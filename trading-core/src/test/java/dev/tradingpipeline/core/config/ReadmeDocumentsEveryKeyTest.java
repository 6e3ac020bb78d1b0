package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the users' reference: every key must be in it. */
class ReadmeDocumentsEveryKeyTest {

    @Test
    void everyConfigurationKeyIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : ConfigKeys.all().keySet()) {
            String documented = key;
            for (String mode : ConfigKeys.MODES) {
                documented = documented.replace("sizing." + mode + ".", "sizing.<mode>.");
            }
            assertThat(readme).as("README.md documents `%s`", documented).contains("`" + documented + "`");
        }
    }
}
