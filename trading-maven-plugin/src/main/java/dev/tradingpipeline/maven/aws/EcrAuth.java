package dev.tradingpipeline.maven.aws;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * A registry login for pushing to a private Amazon ECR repository, from the AWS credentials the
 * build already has (no Docker credential helper), and a check that the repository exists.
 */
public final class EcrAuth {

    /** Error codes that mean "these credentials may not do this" rather than "try again". */
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied",
            "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "ExpiredToken",
            "InvalidClientTokenId", "MissingAuthenticationTokenException");

    private EcrAuth() {
    }

    /**
     * A username and password for one registry.
     *
     * @param registry  the registry host the login is for
     * @param expiresAt when the password stops working (ECR: 12 hours after issue); null if the
     *                  service did not say
     */
    public record RegistryLogin(String registry, String username, String password, Instant expiresAt) {

        public RegistryLogin {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        /** Never shows the password: logins end up in logs and exception messages. */
        @Override
        public String toString() {
            return "RegistryLogin[registry=" + registry + ", username=" + username + ", password=****, expiresAt="
                    + expiresAt + "]";
        }
    }

    /** True when the reference names a repository in a private ECR registry. */
    public static boolean isEcr(String repositoryUri) {
        return EcrRepository.isEcr(repositoryUri);
    }

    /**
     * Asks ECR for a registry password (GetAuthorizationToken) and decodes its
     * {@code AWS:<password>} token. The login is for the repository's registry host.
     *
     * @param repositoryUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}, tag or digest allowed
     * @throws IllegalArgumentException when the URI does not name an ECR repository
     * @throws EcrAccessException when the credentials may not log in, or the client works in another region
     */
    public static RegistryLogin login(EcrClient ecr, String repositoryUri) {
        EcrRepository repo = EcrRepository.parse(repositoryUri);
        checkRegion(ecr, repo);
        GetAuthorizationTokenResponse response;
        try {
            // no registryIds: deprecated, and the token opens every registry the principal may use
            response = ecr.getAuthorizationToken(r -> { });
        } catch (SdkException e) {
            if (isDenied(e)) {
                throw new EcrAccessException("no credentials allowed to push to " + repo + ": " + describe(e), e);
            }
            throw new EcrAccessException("ECR GetAuthorizationToken for " + repo + " failed: " + describe(e), e);
        }
        if (!response.hasAuthorizationData() || response.authorizationData().isEmpty()) {
            throw new EcrAccessException("ECR GetAuthorizationToken for " + repo + " returned no authorization data");
        }
        AuthorizationData data = response.authorizationData().get(0);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(Objects.requireNonNullElse(data.authorizationToken(), "")),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EcrAccessException("ECR GetAuthorizationToken for " + repo + " returned a token that is not"
                    + " base64", e);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            // the token itself is never put in a message
            throw new EcrAccessException("ECR GetAuthorizationToken for " + repo + " returned a token that is not"
                    + " <user>:<password>");
        }
        return new RegistryLogin(repo.registry(), decoded.substring(0, colon), decoded.substring(colon + 1),
                data.expiresAt());
    }

    /**
     * Fails clearly when the repository does not exist (a push would otherwise end in a bare
     * "name unknown" from the registry).
     *
     * @throws EcrAccessException when the repository is missing or cannot be looked up
     */
    public static void checkRepositoryExists(EcrClient ecr, String repositoryUri) {
        EcrRepository repo = EcrRepository.parse(repositoryUri);
        checkRegion(ecr, repo);
        try {
            ecr.describeRepositories(r -> r.registryId(repo.accountId()).repositoryNames(repo.name()));
        } catch (RepositoryNotFoundException e) {
            throw new EcrAccessException("ECR repository " + repo.name() + " does not exist in account "
                    + repo.accountId() + "; create it (aws ecr create-repository --repository-name " + repo.name()
                    + " --region " + repo.region() + ")", e);
        } catch (SdkException e) {
            if (isDenied(e)) {
                throw new EcrAccessException("no credentials allowed to look up ECR repository " + repo
                        + " (ecr:DescribeRepositories): " + describe(e), e);
            }
            throw new EcrAccessException("ECR DescribeRepositories for " + repo + " failed: " + describe(e), e);
        }
    }

    /** ECR logins are regional: a token from another region's endpoint does not open this registry. */
    private static void checkRegion(EcrClient ecr, EcrRepository repo) {
        var config = ecr.serviceClientConfiguration();
        if (config.endpointOverride().isPresent()) {
            return; // a local fake or a private endpoint: its region is whatever it says
        }
        Region region = config.region();
        if (region != null && !region.id().equals(repo.region())) {
            throw new EcrAccessException("ECR repository " + repo + " is in region " + repo.region()
                    + ", but the AWS clients work in " + region.id() + ": set " + ConfigKeys.AWS_REGION + " to "
                    + repo.region() + " or use a repository in " + region.id());
        }
    }

    private static boolean isDenied(SdkException e) {
        if (e instanceof AwsServiceException a) {
            String code = a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
            return a.statusCode() == 401 || a.statusCode() == 403 || (code != null && DENIED.contains(code));
        }
        // "Unable to load credentials from any of the providers in the chain ..."
        return e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("credentials");
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            String message = a.awsErrorDetails().errorMessage();
            return (code != null ? code : a.getClass().getSimpleName()) + ", HTTP " + a.statusCode()
                    + (message != null && !message.isBlank() ? ": " + message : "");
        }
        String m = e.getMessage();
        int nl = m == null ? -1 : m.indexOf('\n');
        return m == null ? e.getClass().getSimpleName() : nl < 0 ? m : m.substring(0, nl);
    }
}
