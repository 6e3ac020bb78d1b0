package dev.tradingpipeline.maven.aws;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Amazon ECR repository as named in an image reference
 * {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>[:tag|@digest]}.
 *
 * @param registry  the registry host, {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * @param accountId the 12-digit account that owns the registry
 * @param region    the registry's region
 * @param name      the repository name, without tag or digest ({@code trading/jobs})
 */
public record EcrRepository(String registry, String accountId, String region, String name) {

    // FIPS hosts (dkr.ecr-fips) and the China partition (.amazonaws.com.cn) are ECR too.
    private static final Pattern HOST = Pattern.compile(
            "(\\d{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    public EcrRepository {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(name, "name");
    }

    /** True when the reference names a repository in a private ECR registry. */
    public static boolean isEcr(String imageReference) {
        return find(imageReference).isPresent();
    }

    /**
     * The repository of an image reference.
     *
     * @throws IllegalArgumentException when the reference does not name a private ECR repository
     */
    public static EcrRepository parse(String imageReference) {
        return find(imageReference).orElseThrow(() -> new IllegalArgumentException("'" + imageReference
                + "' is not an Amazon ECR repository (expected <account>.dkr.ecr.<region>.amazonaws.com/<name>)"));
    }

    /** {@code <registry>/<name>}: what a docker push names. */
    public String uri() {
        return registry + "/" + name;
    }

    @Override
    public String toString() {
        return uri();
    }

    private static Optional<EcrRepository> find(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String r = reference.trim();
        if (r.startsWith("https://")) {
            r = r.substring("https://".length());
        }
        int slash = r.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        Matcher host = HOST.matcher(r.substring(0, slash).toLowerCase(Locale.ROOT));
        if (!host.matches()) {
            return Optional.empty();
        }
        String name = r.substring(slash + 1);
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        if (name.isEmpty() || name.endsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(new EcrRepository(host.group(0), host.group(1), host.group(2), name));
    }
}
