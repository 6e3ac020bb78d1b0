package dev.tradingpipeline.maven.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.ProgressEventHandler;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Builds the EMR Serverless custom image without a Docker daemon: the base image plus one layer
 * holding the jars, pushed to the target registry with Jib.
 *
 * <p>The image keeps what EMR Serverless requires of a custom image: user {@value #USER}, working
 * directory {@value #WORKING_DIRECTORY}, the base image's entrypoint and environment (Jib inherits
 * both when none is set). The platform is set, not added to Jib's default linux/amd64, and the base
 * image is checked first: given a single-platform base, Jib silently builds for the base's platform.
 *
 * <p>Builds are reproducible (Jib's epoch creation time and file times, jars in name order), and
 * labels record the inputs: the base image's digest, the libraries' hash and folder. When the
 * target tag already holds an image for the platform with the same labels, nothing is built or
 * pushed and the result says so.
 */
public final class ImageBuilder {

    public static final String USER = "hadoop:hadoop";
    public static final String WORKING_DIRECTORY = "/home/hadoop";
    public static final String LAYER_NAME = "libraries";
    public static final String TOOL_NAME = "trading-maven-plugin";

    public static final String LABEL_BASE = "dev.tradingpipeline.image.base";
    public static final String LABEL_BASE_DIGEST = "dev.tradingpipeline.image.base-digest";
    public static final String LABEL_LIBRARIES_SHA256 = "dev.tradingpipeline.image.libraries-sha256";
    public static final String LABEL_LIBRARIES_DIR = "dev.tradingpipeline.image.libraries-dir";

    private static final String TOOL_VERSION = pluginVersion();

    private final Consumer<String> log;
    private final Path cacheDirectory;

    /** @param log one line per step; called from Jib's threads too (calls are serialised) */
    public ImageBuilder(Consumer<String> log) {
        this(serialised(Objects.requireNonNull(log, "log")), null);
    }

    private ImageBuilder(Consumer<String> log, Path cacheDirectory) {
        this.log = log;
        this.cacheDirectory = cacheDirectory;
    }

    private static Consumer<String> serialised(Consumer<String> log) {
        Object lock = new Object();
        return line -> {
            synchronized (lock) {
                log.accept(line);
            }
        };
    }

    /**
     * Jib's caches under this folder ({@code base/} for base image layers, {@code application/}
     * for ours) instead of Jib's defaults (base layers in the user cache, shared between builds).
     */
    public ImageBuilder withCacheDirectory(Path directory) {
        return new ImageBuilder(log, Objects.requireNonNull(directory, "directory"));
    }

    /**
     * Checks the base image, then builds and pushes {@code spec.targetReference()} unless that tag
     * already holds this content.
     *
     * @throws ImageBuildException when the base image is missing or has no image for the platform,
     *                             or a registry refuses a request
     */
    public ImageResult build(ImageSpec spec) {
        String librariesHash = librariesHash(spec.libraries());
        PlatformImage base = checkBase(spec);
        Map<String, String> labels = labels(spec, base, librariesHash);
        String target = spec.targetReference();

        Optional<PlatformImage> current = currentImage(spec, labels);
        if (current.isPresent()) {
            log.accept("Image " + target + " is up to date (" + current.get().digest() + "): nothing pushed");
            return new ImageResult(target, current.get().digest(), current.get().imageId(), spec.platform(),
                    spec.baseImage(), base.digest(), librariesHash, false);
        }

        log.accept("Building " + target + " for " + spec.platform() + ": " + spec.libraries().size()
                + " libraries in " + spec.librariesDir() + " on " + spec.baseImage());
        JibContainer container = containerize(spec, labels);
        String digest = container.getDigest().toString();
        verifyPushed(spec, base, digest);
        log.accept("Pushed " + target + " (" + digest + ")");
        return new ImageResult(target, digest, container.getImageId().toString(), spec.platform(), spec.baseImage(),
                base.digest(), librariesHash, true);
    }

    /**
     * The base image's manifest for the spec's platform, read through the registry API.
     *
     * @throws ImageBuildException naming {@code image.base} when the image is missing, offers no
     *                             image for the platform, or cannot be read
     */
    public PlatformImage checkBase(ImageSpec spec) {
        ImageReference ref = RegistryClient.parse(spec.baseImage());
        RegistryClient client = new RegistryClient(ref.getRegistry(), spec.baseCredential(),
                spec.allowInsecureRegistries());
        String reference = ref.getDigest().orElse(ref.getTag().orElse("latest"));
        Optional<PlatformImage> image;
        try {
            image = client.image(ref.getRepository(), reference, spec.platform());
        } catch (PlatformNotFoundException e) {
            String offers = String.join(", ", e.available());
            throw new ImageBuildException("image.base " + spec.baseImage() + (e.multiPlatform()
                    ? " offers " + (offers.isEmpty() ? "no platform" : offers) + " but not " + spec.platform()
                    : " is " + offers + " only") + "; EMR Serverless needs " + spec.platform(), e);
        } catch (ImageBuildException e) {
            throw new ImageBuildException("image.base " + spec.baseImage() + " cannot be read: " + e.getMessage(), e);
        }
        return image.orElseThrow(() -> new ImageBuildException("image.base " + spec.baseImage() + " does not exist: "
                + ref.getRegistry() + " has no " + ref.getRepository() + " " + reference));
    }

    /**
     * The digest a tag points at, or empty when the tag does not exist.
     *
     * @param repository registry and repository, as {@code image.repository}
     */
    public Optional<String> remoteDigest(String repository, String tag, Optional<RegistryCredential> credential,
            boolean allowInsecure) {
        ImageReference ref = RegistryClient.parse(repository);
        return new RegistryClient(ref.getRegistry(), credential, allowInsecure).manifestDigest(ref.getRepository(), tag);
    }

    /**
     * SHA-256 (64 hex digits) over the jars' file names and contents, in name order: the same for
     * the same jars in any order, different when a name or a byte changes.
     */
    public static String librariesHash(List<Path> jars) {
        MessageDigest all = sha256();
        jars.stream()
                .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString))
                .forEach(jar -> {
                    all.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    all.update((byte) 0);
                    all.update(fileSha256(jar).getBytes(StandardCharsets.US_ASCII));
                    all.update((byte) '\n');
                });
        return HexFormat.of().formatHex(all.digest());
    }

    // ---- steps ----

    private static Map<String, String> labels(ImageSpec spec, PlatformImage base, String librariesHash) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_BASE, spec.baseImage());
        labels.put(LABEL_BASE_DIGEST, base.digest());
        labels.put(LABEL_LIBRARIES_SHA256, librariesHash);
        labels.put(LABEL_LIBRARIES_DIR, spec.librariesDir());
        return labels;
    }

    /** The image the target tag holds, if it is a single image for the platform built from the same inputs. */
    private Optional<PlatformImage> currentImage(ImageSpec spec, Map<String, String> labels) {
        ImageReference target = RegistryClient.parse(spec.targetRepository());
        RegistryClient client = new RegistryClient(target.getRegistry(), spec.targetCredential(),
                spec.allowInsecureRegistries());
        Optional<PlatformImage> image;
        try {
            image = client.image(target.getRepository(), spec.tag(), spec.platform());
        } catch (PlatformNotFoundException e) {
            log.accept(spec.targetReference() + " exists but is not " + spec.platform() + ": replacing it");
            return Optional.empty();
        }
        if (image.isEmpty()) {
            return Optional.empty();
        }
        PlatformImage current = image.get();
        Map<String, String> currentLabels = current.labels();
        boolean same = current.indexDigest().isEmpty()
                && current.user().equals(USER)
                && current.workingDir().equals(WORKING_DIRECTORY)
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(currentLabels.get(e.getKey())));
        if (!same) {
            log.accept(spec.targetReference() + " exists with other content (" + current.digest() + "): replacing it");
            return Optional.empty();
        }
        return image;
    }

    /**
     * A login given (ECR, from the AWS SDK) is used as is; other registries get Jib's usual
     * credential sources: docker-credential helpers and the Docker config file.
     */
    private void withCredentials(RegistryImage image, String reference, Optional<RegistryCredential> credential)
            throws InvalidImageReferenceException {
        if (credential.isPresent()) {
            image.addCredential(credential.get().username(), credential.get().password());
            return;
        }
        CredentialRetrieverFactory helpers = CredentialRetrieverFactory.forImage(ImageReference.parse(reference),
                event -> { });
        image.addCredentialRetriever(helpers.wellKnownCredentialHelpers());
        image.addCredentialRetriever(helpers.dockerConfig());
    }

    private JibContainer containerize(ImageSpec spec, Map<String, String> labels) {
        String target = spec.targetReference();
        try {
            RegistryImage base = RegistryImage.named(spec.baseImage());
            withCredentials(base, spec.baseImage(), spec.baseCredential());
            RegistryImage to = RegistryImage.named(target);
            withCredentials(to, target, spec.targetCredential());

            JibContainerBuilder image = Jib.from(base)
                    // replaces Jib's default linux/amd64 rather than adding to it
                    .setPlatforms(Set.of(new Platform(spec.architecture(), spec.os())))
                    .setFormat(ImageFormat.Docker)
                    .setCreationTime(Instant.EPOCH)
                    .setUser(USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(WORKING_DIRECTORY))
                    .setLabels(labels)
                    .setFileEntriesLayers(librariesLayer(spec));
            // no setEntrypoint/setProgramArguments/setEnvironment: Jib keeps the base image's

            ProgressLog progress = new ProgressLog(log);
            Containerizer containerizer = Containerizer.to(to)
                    .setAllowInsecureRegistries(spec.allowInsecureRegistries())
                    .setToolName(TOOL_NAME)
                    .setToolVersion(TOOL_VERSION)
                    .addEventHandler(LogEvent.class, this::onLogEvent)
                    .addEventHandler(ProgressEvent.class, new ProgressEventHandler(progress::update));
            if (cacheDirectory != null) {
                containerizer.setBaseImageLayersCache(cacheDirectory.resolve("base"))
                        .setApplicationLayersCache(cacheDirectory.resolve("application"));
            }
            return image.containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted while building " + target, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ImageBuildException("Building " + target + " failed: " + describe(cause), cause);
        } catch (RegistryException | IOException | CacheDirectoryCreationException e) {
            throw new ImageBuildException("Building " + target + " failed: " + describe(e), e);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalStateException("ImageSpec let an invalid reference through: " + e.getMessage(), e);
        }
    }

    /** One layer: the jars in name order, fixed times and permissions, so equal jars give an equal layer. */
    private static FileEntriesLayer librariesLayer(ImageSpec spec) {
        AbsoluteUnixPath dir = AbsoluteUnixPath.get(spec.librariesDir());
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(LAYER_NAME);
        spec.libraries().stream()
                .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                .forEach(jar -> layer.addEntry(jar, dir.resolve(jar.getFileName().toString()),
                        FilePermissions.DEFAULT_FILE_PERMISSIONS, FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
        return layer.build();
    }

    /**
     * Reads back what was pushed: Jib takes the base image's platform whatever was asked, and the
     * base tag may have moved since {@link #checkBase} (the labels would then name the wrong base).
     */
    private void verifyPushed(ImageSpec spec, PlatformImage base, String digest) {
        ImageReference target = RegistryClient.parse(spec.targetRepository());
        RegistryClient client = new RegistryClient(target.getRegistry(), spec.targetCredential(),
                spec.allowInsecureRegistries());
        String pushed = spec.targetRepository() + "@" + digest;
        PlatformImage image;
        try {
            image = client.image(target.getRepository(), digest, spec.platform()).orElseThrow(() ->
                    new ImageBuildException("Jib reported " + pushed + " as pushed, but the registry does not have it"));
        } catch (PlatformNotFoundException e) {
            throw new ImageBuildException("The pushed image " + pushed + " is " + String.join(", ", e.available())
                    + ", not " + spec.platform() + ": check image.base; EMR Serverless needs " + spec.platform(), e);
        }
        List<String> layers = image.layerDigests();
        if (layers.size() != base.layerDigests().size() + 1
                || !layers.subList(0, layers.size() - 1).equals(base.layerDigests())) {
            throw new ImageBuildException("The pushed image " + pushed + " is not built on " + spec.baseImage() + " ("
                    + base.digest() + "): the base image changed during the build; build again");
        }
    }

    private void onLogEvent(LogEvent event) {
        String message = event.getMessage();
        if (message == null || message.isBlank() || expectedWarning(event)) {
            return;
        }
        switch (event.getLevel()) {
            case ERROR -> log.accept("Jib error: " + message);
            case WARN -> log.accept("Jib warning: " + message);
            case LIFECYCLE -> log.accept(message);
            default -> {
                // INFO, PROGRESS, DEBUG: too chatty for a build log
            }
        }
    }

    /**
     * Warnings that do not apply here: the base is named by tag, but its digest is checked first and
     * recorded in a label ({@link #LABEL_BASE_DIGEST}); a loopback registry speaks plain HTTP, which
     * Jib finds out by trying HTTPS first.
     */
    private static boolean expectedWarning(LogEvent event) {
        if (event.getLevel() != LogEvent.Level.WARN) {
            return false;
        }
        String message = event.getMessage();
        if (message.startsWith("Base image '") && message.contains("does not use a specific image digest")) {
            return true;
        }
        boolean httpsFallback = message.startsWith("Cannot verify server at https://")
                || message.startsWith("Failed to connect to https://");
        if (httpsFallback) {
            String host = message.substring(message.indexOf("https://") + 8).split("/", 2)[0];
            return RegistryClient.isLoopback(host);
        }
        return false;
    }

    /** Logs overall progress at 25, 50 and 75 %, not at every event ("Pushed" says when it is done). */
    private static final class ProgressLog {
        private final Consumer<String> log;
        private int quartersLogged;

        ProgressLog(Consumer<String> log) {
            this.log = log;
        }

        synchronized void update(ProgressEventHandler.Update update) {
            int quarters = (int) Math.floor(update.getProgress() * 4 + 1e-9);
            if (quarters > quartersLogged && quarters < 4) {
                quartersLogged = quarters;
                log.accept("Image build " + quarters * 25 + "% done");
            }
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String fileSha256(Path file) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The plugin's version for the image history ({@code created_by}); fixed per release. */
    private static String pluginVersion() {
        try (InputStream in = ImageBuilder.class.getResourceAsStream("/dev/tradingpipeline/maven/runtime.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String version = p.getProperty("plugin.version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
