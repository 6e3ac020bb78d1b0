package dev.tradingpipeline.maven.run;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.emr.EmrException;
import dev.tradingpipeline.maven.image.ImageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a run on EMR Serverless counts on the application running the image of
 * {@code build-image}, whose folder {@code image.libraries-dir} holds the job's third-party
 * libraries: decided once from {@code emr.use-image} and the image record
 * ({@code target/trading/image.json}), and stated in one line ({@link #describe}) by
 * {@code deploy} and {@code submit}. On the image, those libraries are not shipped and the
 * folder goes on the driver and executor class path; otherwise every library ships.
 *
 * @param setting      the value of {@code emr.use-image}: auto, true or false
 * @param image        the image the run counts on; empty when every library ships
 * @param why          where the decision comes from, naming the key and the record
 * @param librariesDir {@code image.libraries-dir}, the image's folder of libraries
 */
public record ImageDecision(String setting, Optional<String> image, String why, String librariesDir) {

    /** The image an EMR Serverless application runs, as GetApplication gives it (empty: the release's own). */
    public record ApplicationImage(String applicationId, Optional<String> imageUri) {
    }

    /** Asks EMR Serverless for the application's image; only {@code emr.use-image=true} without a record does. */
    @FunctionalInterface
    public interface ApplicationLookup {
        ApplicationImage find() throws InterruptedException;
    }

    /**
     * Decides from {@code emr.use-image} and the image record.
     *
     * @param record      where {@code build-image} records its image ({@code target/trading/image.json})
     * @param application asked only when {@code emr.use-image=true} and there is no record
     * @throws ConfigException when {@code emr.use-image=true} finds no image, or the record cannot be read
     */
    public static ImageDecision decide(TradingConfig config, Path record, ApplicationLookup application)
            throws InterruptedException {
        String setting = config.get(ConfigKeys.EMR_USE_IMAGE).trim();
        String dir = config.get(ConfigKeys.IMAGE_LIBRARIES_DIR).trim();
        String key = ConfigKeys.EMR_USE_IMAGE + "=" + setting;
        boolean recorded = Files.isRegularFile(record);
        switch (setting) {
            case "false":
                return new ImageDecision(setting, Optional.empty(),
                        key + (recorded ? "; the image recorded in " + record + " is not used" : ""), dir);
            case "auto":
                if (!recorded) {
                    return new ImageDecision(setting, Optional.empty(), key + " and no image recorded: " + record
                            + " is absent (trading:build-image writes it, mvn clean deletes it); "
                            + ConfigKeys.EMR_USE_IMAGE + "=true runs on the application's image without it", dir);
                }
                return fromRecord(config, setting, record, dir);
            case "true":
                if (recorded) {
                    return fromRecord(config, setting, record, dir);
                }
                ApplicationImage app = application.find();
                if (app.imageUri().isEmpty()) {
                    throw new ConfigException(config.source() + ": " + key + ", but no image is recorded (" + record
                            + " is absent) and EMR Serverless application " + app.applicationId()
                            + " runs none of its own (GetApplication gives no imageConfiguration): run mvn"
                            + " trading:build-image first, or set " + ConfigKeys.EMR_USE_IMAGE + " to auto or false");
                }
                return new ImageDecision(setting, app.imageUri(), key + ": the image EMR Serverless application "
                        + app.applicationId() + " runs (GetApplication), as " + record + " is absent", dir);
            default:
                // the configuration's own check allows auto, true and false only
                throw new IllegalArgumentException(key + ": expected auto, true or false");
        }
    }

    private static ImageDecision fromRecord(TradingConfig config, String setting, Path record, String dir) {
        ImageResult image;
        String when;
        try {
            image = ImageResult.read(record);
            when = Files.getLastModifiedTime(record).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (UncheckedIOException | IOException e) {
            throw new ConfigException(config.source() + ": " + ConfigKeys.EMR_USE_IMAGE + "=" + setting
                    + " takes the image recorded in " + record + ", which cannot be read (" + e.getMessage()
                    + "): run mvn trading:build-image to write it again, or set " + ConfigKeys.EMR_USE_IMAGE
                    + "=false", e);
        }
        return new ImageDecision(setting, Optional.of(image.referenceByDigest()), ConfigKeys.EMR_USE_IMAGE + "="
                + setting + ": recorded in " + record + " by trading:build-image at " + when, dir);
    }

    /** Whether the run counts on the image for its third-party libraries. */
    public boolean onImage() {
        return image.isPresent();
    }

    /** What the run ships: on the image, everything but the third-party libraries. */
    public JobArtifacts ship(JobArtifacts all) {
        return onImage() ? all.withoutThirdParty() : all;
    }

    /** The image's folder of libraries, for the class path, when the run is on the image. */
    public Optional<String> classPathFolder() {
        return onImage() ? Optional.of(librariesDir) : Optional.empty();
    }

    /** The one line {@code deploy} and {@code submit} print: the decision, why, and what ships. */
    public String describe(JobArtifacts all) {
        List<String> shipped = new ArrayList<>(List.of("the job jar"));
        if (!all.toolkit().isEmpty()) {
            shipped.add(count(all.toolkit().size(), "toolkit jar"));
        }
        int libraries = all.thirdParty().size();
        if (!onImage()) {
            shipped.add(libraries == 0 ? "no third-party library"
                    : (libraries == 1 ? "" : "all ") + count(libraries, "third-party library"));
        }
        if (all.projectJar().isPresent()) {
            shipped.add("the project's jar");
        }
        String list = String.join(", ", shipped.subList(0, shipped.size() - 1))
                + (shipped.size() > 1 ? " and " : "") + shipped.get(shipped.size() - 1);
        if (onImage()) {
            return "Runs on image " + image.get() + " (" + why + "): shipping " + list + ", not the "
                    + count(libraries, "third-party library") + " the image holds in " + librariesDir;
        }
        return "Runs without an image of build-image (" + why + "): shipping " + list;
    }

    /**
     * Checks the decision against the image the application runs, once submit has it from
     * GetApplication: a run counting on an image the application does not run would miss its
     * libraries, so it is not started. The other way round, a note.
     *
     * @return a note for the log, if any
     * @throws EmrException when the run counts on an image and the application runs none of its own
     */
    public Optional<String> checkAgainst(ApplicationImage app) {
        if (onImage() && app.imageUri().isEmpty()) {
            throw new EmrException("EMR Serverless application " + app.applicationId() + " runs no image of its own"
                    + " (GetApplication gives no imageConfiguration), yet the run counts on image " + image.get()
                    + " for its third-party libraries (" + why + "): run mvn trading:build-image with"
                    + " image.update-application=true to point the application at it, or set "
                    + ConfigKeys.EMR_USE_IMAGE + "=false to ship the libraries");
        }
        if (!onImage() && "auto".equals(setting) && app.imageUri().isPresent()) {
            return Optional.of("EMR Serverless application " + app.applicationId() + " runs image "
                    + app.imageUri().get() + "; the libraries ship all the same (no image recorded). If it is one of"
                    + " build-image, " + ConfigKeys.EMR_USE_IMAGE + "=true leaves out the libraries it holds");
        }
        return Optional.empty();
    }

    private static String count(int n, String what) {
        if (n == 1) {
            return "1 " + what;
        }
        return n + " " + (what.endsWith("library") ? what.substring(0, what.length() - 1) + "ies" : what + "s");
    }
}
