package dev.tradingpipeline.maven.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to build: the base image, the platform, where to push, and the jars to add in one layer.
 * Validated on construction; each error names the configuration key the value came from.
 *
 * @param baseImage               {@code image.base}, e.g. {@code public.ecr.aws/emr-serverless/spark/emr-7.11.0:latest}
 * @param platform                {@code image.platform}, {@code <os>/<architecture>}, e.g. {@code linux/arm64}
 * @param targetRepository        {@code image.repository}, registry and repository without tag, e.g.
 *                                {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/trading}
 * @param tag                     {@code image.tag}
 * @param libraries               {@code image.libraries}: jar files, unique by file name
 * @param librariesDir            {@code image.libraries-dir}: absolute folder in the image for the jars
 * @param allowInsecureRegistries plain HTTP or unverified TLS for registries that are not loopback
 * @param baseCredential          login for the base image's registry; empty for anonymous pulls
 * @param targetCredential        login for the target registry
 */
public record ImageSpec(String baseImage, String platform, String targetRepository, String tag,
        List<Path> libraries, String librariesDir, boolean allowInsecureRegistries,
        Optional<RegistryCredential> baseCredential, Optional<RegistryCredential> targetCredential) {

    public static final String DEFAULT_PLATFORM = "linux/arm64";
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_]+/[a-z0-9_]+");

    public ImageSpec {
        baseImage = required("image.base", baseImage);
        parse("image.base", baseImage);
        platform = required("image.platform", platform);
        if (!PLATFORM.matcher(platform).matches()) {
            throw new IllegalArgumentException(
                    "image.platform must be <os>/<architecture>, e.g. linux/arm64; got '" + platform + "'");
        }
        targetRepository = required("image.repository", targetRepository);
        ImageReference target = parse("image.repository", targetRepository);
        String lastSegment = targetRepository.substring(targetRepository.lastIndexOf('/') + 1);
        if (target.getDigest().isPresent() || lastSegment.contains(":")) {
            throw new IllegalArgumentException("image.repository must not carry a tag or digest (set image.tag): '"
                    + targetRepository + "'");
        }
        tag = required("image.tag", tag);
        if (!ImageReference.isValidTag(tag)) {
            throw new IllegalArgumentException("image.tag '" + tag
                    + "' is not a valid tag (letters, digits, '_', '.', '-'; at most 128 characters; not starting with '.' or '-')");
        }
        libraries = validLibraries(libraries);
        librariesDir = required("image.libraries-dir", librariesDir);
        if (!librariesDir.startsWith("/") || librariesDir.contains("\\")
                || List.of(librariesDir.split("/")).contains("..")) {
            throw new IllegalArgumentException("image.libraries-dir must be an absolute path in the image, e.g. "
                    + "/usr/share/trading/lib; got '" + librariesDir + "'");
        }
        if (librariesDir.length() > 1 && librariesDir.endsWith("/")) {
            librariesDir = librariesDir.substring(0, librariesDir.length() - 1);
        }
        baseCredential = baseCredential == null ? Optional.empty() : baseCredential;
        targetCredential = targetCredential == null ? Optional.empty() : targetCredential;
    }

    /** {@code <image.repository>:<image.tag>}. */
    public String targetReference() {
        return targetRepository + ":" + tag;
    }

    public String os() {
        return platform.substring(0, platform.indexOf('/'));
    }

    public String architecture() {
        return platform.substring(platform.indexOf('/') + 1);
    }

    /** The same image under another tag. */
    public ImageSpec withTag(String newTag) {
        return new ImageSpec(baseImage, platform, targetRepository, newTag, libraries, librariesDir,
                allowInsecureRegistries, baseCredential, targetCredential);
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is not set");
        }
        return value.trim();
    }

    private static ImageReference parse(String key, String value) {
        try {
            return ImageReference.parse(value);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a valid image reference "
                    + "([registry/]repository[:tag|@digest], lower case)", e);
        }
    }

    private static List<Path> validLibraries(List<Path> libraries) {
        if (libraries == null || libraries.isEmpty()) {
            throw new IllegalArgumentException("image.libraries is empty: there is nothing to add to the image");
        }
        Map<String, Path> byName = new HashMap<>();
        for (Path jar : libraries) {
            if (jar == null) {
                throw new IllegalArgumentException("image.libraries contains a null path");
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("image.libraries: " + jar + " is not a file");
            }
            Path other = byName.put(jar.getFileName().toString(), jar);
            if (other != null) {
                throw new IllegalArgumentException("image.libraries: two libraries are named " + jar.getFileName()
                        + " (" + other + " and " + jar + "); they would overwrite each other in the image");
            }
        }
        return List.copyOf(libraries);
    }
}
