package dev.tradingpipeline.maven.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.emr.EmrException;
import dev.tradingpipeline.maven.image.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** emr.use-image and the image record decide whether a run counts on the image, and the line says so. */
class ImageDecisionTest {

    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trading@sha256:"
            + "a".repeat(64);
    private static final String APP_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trading:1.0";
    private static final Instant RECORDED = Instant.parse("2026-12-01T09:30:15Z");

    private static final JobArtifacts ALL = new JobArtifacts(Path.of("trading-jobs-1.0.jar"),
            List.of(Path.of("trading-core-1.0.jar")),
            List.of(Path.of("snakeyaml-2.2.jar"), Path.of("jackson-core-2.17.jar"), Path.of("aws-sdk-s3.jar")),
            Optional.of(Path.of("example-0.1.jar")));

    @TempDir
    Path dir;

    private static TradingConfig config(String useImage) {
        String yaml = useImage == null ? "target: emr\n" : "target: emr\nemr:\n  use-image: " + useImage + "\n";
        return TradingConfig.parse(yaml, "config.yaml", "/project", Map.of(), "-Dtrading.");
    }

    private Path record() throws Exception {
        Path record = dir.resolve("image.json");
        new ImageResult("123456789012.dkr.ecr.us-east-1.amazonaws.com/trading:1.0-abc", "sha256:" + "a".repeat(64),
                "sha256:" + "b".repeat(64), "linux/arm64", "public.ecr.aws/emr-serverless/spark/emr-7.11.0:latest",
                "sha256:" + "c".repeat(64), "d".repeat(64), true).write(record);
        Files.setLastModifiedTime(record, FileTime.from(RECORDED));
        return record;
    }

    private Path absent() {
        return dir.resolve("image.json");
    }

    /** A lookup that must not happen: only emr.use-image=true without a record asks EMR. */
    private static ImageDecision.ApplicationImage notAsked() {
        throw new AssertionError("EMR Serverless must not be asked");
    }

    @Test
    void autoIsTheDefaultAndTakesTheRecordedImage() throws Exception {
        Path record = record();
        ImageDecision d = ImageDecision.decide(config(null), record, ImageDecisionTest::notAsked);

        assertThat(d.setting()).isEqualTo("auto");
        assertThat(d.onImage()).isTrue();
        assertThat(d.image()).contains(IMAGE);
        assertThat(d.ship(ALL).thirdParty()).isEmpty();
        assertThat(d.ship(ALL).libraries()).containsExactly(Path.of("trading-core-1.0.jar"), Path.of("example-0.1.jar"));
        assertThat(d.classPathFolder()).contains("/usr/share/trading/lib");
        assertThat(d.describe(ALL)).isEqualTo("Runs on image " + IMAGE + " (emr.use-image=auto: recorded in " + record
                + " by trading:build-image at 2026-12-01T09:30:15Z): shipping the job jar, 1 toolkit jar and the"
                + " project's jar, not the 3 third-party libraries the image holds in /usr/share/trading/lib");
    }

    @Test
    void autoWithoutARecordShipsEveryLibraryAndSaysWhy() throws Exception {
        ImageDecision d = ImageDecision.decide(config("auto"), absent(), ImageDecisionTest::notAsked);

        assertThat(d.onImage()).isFalse();
        assertThat(d.ship(ALL)).isEqualTo(ALL);
        assertThat(d.classPathFolder()).isEmpty();
        assertThat(d.describe(ALL)).isEqualTo("Runs without an image of build-image (emr.use-image=auto and no image"
                + " recorded: " + absent() + " is absent (trading:build-image writes it, mvn clean deletes it);"
                + " emr.use-image=true runs on the application's image without it): shipping the job jar,"
                + " 1 toolkit jar, all 3 third-party libraries and the project's jar");
    }

    @Test
    void trueTakesTheRecordedImageWithoutAskingEmr() throws Exception {
        Path record = record();
        ImageDecision d = ImageDecision.decide(config("true"), record, ImageDecisionTest::notAsked);

        assertThat(d.image()).contains(IMAGE);
        assertThat(d.ship(ALL).thirdParty()).isEmpty();
        assertThat(d.describe(ALL)).startsWith("Runs on image " + IMAGE + " (emr.use-image=true: recorded in "
                + record + " by trading:build-image at 2026-12-01T09:30:15Z): shipping the job jar,");
    }

    @Test
    void trueWithoutARecordTakesTheImageTheApplicationRuns() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ImageDecision d = ImageDecision.decide(config("true"), absent(), () -> {
            asked.incrementAndGet();
            return new ImageDecision.ApplicationImage("00app", Optional.of(APP_IMAGE));
        });

        assertThat(asked).hasValue(1);
        assertThat(d.image()).contains(APP_IMAGE);
        assertThat(d.ship(ALL).thirdParty()).isEmpty();
        assertThat(d.classPathFolder()).contains("/usr/share/trading/lib");
        assertThat(d.describe(ALL)).isEqualTo("Runs on image " + APP_IMAGE + " (emr.use-image=true: the image EMR"
                + " Serverless application 00app runs (GetApplication), as " + absent() + " is absent): shipping"
                + " the job jar, 1 toolkit jar and the project's jar, not the 3 third-party libraries the image"
                + " holds in /usr/share/trading/lib");
    }

    @Test
    void trueFailsNamingTheKeyWhenThereIsNoImageAtAll() {
        assertThatThrownBy(() -> ImageDecision.decide(config("true"), absent(),
                () -> new ImageDecision.ApplicationImage("00app", Optional.empty())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.yaml: emr.use-image=true, but no image is recorded (" + absent()
                        + " is absent) and EMR Serverless application 00app runs none of its own")
                .hasMessageContaining("run mvn trading:build-image first, or set emr.use-image to auto or false");
    }

    @Test
    void falseShipsEveryLibraryAndSaysTheRecordIsNotUsed() throws Exception {
        Path record = record();
        ImageDecision d = ImageDecision.decide(config("false"), record, ImageDecisionTest::notAsked);

        assertThat(d.onImage()).isFalse();
        assertThat(d.ship(ALL)).isEqualTo(ALL);
        assertThat(d.classPathFolder()).isEmpty();
        assertThat(d.describe(ALL)).isEqualTo("Runs without an image of build-image (emr.use-image=false; the image"
                + " recorded in " + record + " is not used): shipping the job jar, 1 toolkit jar, all 3 third-party"
                + " libraries and the project's jar");
    }

    @Test
    void falseWithoutARecordNamesTheKeyOnly() throws Exception {
        ImageDecision d = ImageDecision.decide(config("false"), absent(), ImageDecisionTest::notAsked);

        assertThat(d.onImage()).isFalse();
        assertThat(d.describe(ALL)).startsWith("Runs without an image of build-image (emr.use-image=false): shipping");
    }

    @Test
    void anUnreadableRecordFailsNamingTheFileAndTheKey() throws Exception {
        Path record = absent();
        Files.writeString(record, "{ not json");

        assertThatThrownBy(() -> ImageDecision.decide(config("auto"), record, ImageDecisionTest::notAsked))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.yaml: emr.use-image=auto takes the image recorded in " + record
                        + ", which cannot be read")
                .hasMessageEndingWith("run mvn trading:build-image to write it again, or set emr.use-image=false");
    }

    @Test
    void aValueOtherThanAutoTrueOrFalseIsRefusedWhenTheConfigurationLoads() {
        assertThatThrownBy(() -> config("maybe"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.use-image");
    }

    @Test
    void theLineCountsWhatShipsWithoutToolkitOrProjectJar() throws Exception {
        JobArtifacts bare = new JobArtifacts(Path.of("trading-jobs-1.0.jar"), List.of(),
                List.of(Path.of("snakeyaml-2.2.jar")), Optional.empty());

        assertThat(ImageDecision.decide(config("auto"), record(), ImageDecisionTest::notAsked).describe(bare))
                .endsWith(": shipping the job jar, not the 1 third-party library the image holds in"
                        + " /usr/share/trading/lib");
        assertThat(ImageDecision.decide(config("false"), absent(), ImageDecisionTest::notAsked).describe(bare))
                .endsWith(": shipping the job jar and 1 third-party library");
    }

    @Test
    void aRunOnTheImageIsNotStartedOnAnApplicationWithoutOne() throws Exception {
        ImageDecision d = ImageDecision.decide(config("auto"), record(), ImageDecisionTest::notAsked);

        assertThatThrownBy(() -> d.checkAgainst(new ImageDecision.ApplicationImage("00app", Optional.empty())))
                .isInstanceOf(EmrException.class)
                .hasMessageStartingWith("EMR Serverless application 00app runs no image of its own")
                .hasMessageContaining("yet the run counts on image " + IMAGE)
                .hasMessageEndingWith("or set emr.use-image=false to ship the libraries");
        assertThat(d.checkAgainst(new ImageDecision.ApplicationImage("00app", Optional.of(APP_IMAGE)))).isEmpty();
    }

    @Test
    void withoutARecordAnApplicationOnAnImageGetsANoteUnlessFalseWasChosen() throws Exception {
        ImageDecision auto = ImageDecision.decide(config("auto"), absent(), ImageDecisionTest::notAsked);
        ImageDecision.ApplicationImage onImage = new ImageDecision.ApplicationImage("00app", Optional.of(APP_IMAGE));

        assertThat(auto.checkAgainst(onImage)).contains("EMR Serverless application 00app runs image " + APP_IMAGE
                + "; the libraries ship all the same (no image recorded). If it is one of build-image,"
                + " emr.use-image=true leaves out the libraries it holds");
        assertThat(auto.checkAgainst(new ImageDecision.ApplicationImage("00app", Optional.empty()))).isEmpty();
        assertThat(ImageDecision.decide(config("false"), absent(), ImageDecisionTest::notAsked).checkAgainst(onImage))
                .isEmpty();
    }
}
