package dev.tradingpipeline.maven.aws;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The AWS clients of one build, made on first use from {@link AwsSettings}: one Apache HTTP
 * client (it can send PATCH, which EMR Serverless UpdateApplication needs) shared by all, one
 * credentials provider, one region, and every call of every client bounded by {@code aws.call-timeout}
 * (retries included). Credentials are resolved by the SDK when a call needs them
 * and are never logged or kept here.
 */
public final class AwsClients implements AutoCloseable {

    /** Region used with an endpoint override when nothing else names one (S3Proxy, WireMock). */
    static final Region ENDPOINT_OVERRIDE_REGION = Region.US_EAST_1;

    /**
     * Loggers that print a credential at DEBUG, which {@code mvn -X} turns on: the SDK's SigV4
     * signers log the canonical request, session token ({@code x-amz-security-token}) included;
     * Apache HttpClient's header and wire logs print every header, Authorization included.
     */
    static final List<String> CREDENTIAL_LOGGERS = List.of(
            "software.amazon.awssdk.http.auth.aws.internal.signer",
            "software.amazon.awssdk.auth.signer",
            "org.apache.http.headers",
            "org.apache.http.wire");

    /**
     * Tries of one S3 request: the first and four retries, with the SDK's full-jitter exponential
     * backoff (at most 0.1, 0.2, 0.4, 0.8 s apart; 1, 2, 4, 8 s when throttled). Bounded so that a
     * deploy to an unreachable endpoint fails within seconds with a message instead of hanging; one
     * that answers too slowly or stalls is bounded by {@code aws.call-timeout}.
     */
    public static final int S3_MAX_ATTEMPTS = 5;

    /**
     * Tries of one EMR Serverless request inside the SDK. EMR Serverless throttles control-plane
     * calls under load; the submitter and the watcher retry on top of this (see
     * {@code RetryingCalls} and {@code JobRunWatcher}).
     */
    public static final int EMR_MAX_ATTEMPTS = 6;

    private final AwsSettings settings;
    private final AwsCredentialsProvider givenCredentials;
    private final AwsRegionProvider regionChain;
    private final List<ExecutionInterceptor> interceptors;

    private AwsCredentialsProvider ownCredentials;
    private Optional<Region> chainRegion;
    private SdkHttpClient http;
    private S3Client s3;
    private EmrServerlessClient emrServerless;
    private EcrClient ecr;
    private StsClient sts;
    private CloudFormationClient cloudFormation;
    private CloudWatchLogsClient cloudWatchLogs;
    private boolean closed;

    /** Credentials from {@code aws.profile} when set, else from the SDK's default chain. */
    public AwsClients(AwsSettings settings) {
        this(settings, null, null, List.of());
    }

    /**
     * Explicit credentials, for callers with their own (tests against local fakes, embedding
     * tools). The caller keeps ownership of the provider: {@link #close()} does not close it.
     */
    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this(settings, Objects.requireNonNull(credentials, "credentials"), null, List.of());
    }

    /**
     * Explicit credentials and interceptors that see every request of every client (each try,
     * retries included), for tests that count what is sent.
     */
    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this(settings, Objects.requireNonNull(credentials, "credentials"), null, interceptors);
    }

    /** Test hook: a region provider in place of the SDK's default chain. */
    AwsClients(AwsSettings settings, AwsCredentialsProvider credentials, AwsRegionProvider regionChain) {
        this(settings, credentials, regionChain, List.of());
    }

    private AwsClients(AwsSettings settings, AwsCredentialsProvider credentials, AwsRegionProvider regionChain,
            List<ExecutionInterceptor> interceptors) {
        keepCredentialsOutOfDebugLogs();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.givenCredentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.regionChain = regionChain != null ? regionChain
                : settings.profile()
                        .map(p -> (AwsRegionProvider) DefaultAwsRegionProviderChain.builder().profileName(p).build())
                        .orElseGet(DefaultAwsRegionProviderChain::new);
    }

    public AwsSettings settings() {
        return settings;
    }

    /**
     * S3, with the checksum behaviour of before SDK 2.30 (checksums only where an operation
     * requires them): S3-compatible stores reject the newer default headers, and AWS accepts both.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            Optional<URI> endpoint = settings.s3Endpoint();
            var builder = S3Client.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "S3"))
                    .overrideConfiguration(o -> bounded(o, S3_MAX_ATTEMPTS))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            // an overridden endpoint has no virtual-host DNS for buckets
            endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
            s3 = builder.build();
        }
        return s3;
    }

    public synchronized EmrServerlessClient emrServerless() {
        if (emrServerless == null) {
            Optional<URI> endpoint = settings.emrServerlessEndpoint();
            var builder = EmrServerlessClient.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "EMR Serverless"))
                    .overrideConfiguration(o -> bounded(o, EMR_MAX_ATTEMPTS));
            endpoint.ifPresent(builder::endpointOverride);
            emrServerless = builder.build();
        }
        return emrServerless;
    }

    /**
     * ECR in the configured region (its tokens are valid for that region's registries only; see
     * {@link EcrAuth#login}).
     */
    public synchronized EcrClient ecr() {
        if (ecr == null) {
            Optional<URI> endpoint = settings.ecrEndpoint();
            var builder = EcrClient.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "ECR"))
                    .overrideConfiguration(o -> bounded(o, null));
            endpoint.ifPresent(builder::endpointOverride);
            ecr = builder.build();
        }
        return ecr;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            Optional<URI> endpoint = settings.stsEndpoint();
            var builder = StsClient.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "STS"))
                    .overrideConfiguration(o -> bounded(o, null));
            endpoint.ifPresent(builder::endpointOverride);
            sts = builder.build();
        }
        return sts;
    }

    /** CloudFormation, for the stack of {@code trading:setup} and {@code trading:teardown}. */
    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            Optional<URI> endpoint = settings.cloudFormationEndpoint();
            var builder = CloudFormationClient.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "CloudFormation"))
                    .overrideConfiguration(o -> bounded(o, null));
            endpoint.ifPresent(builder::endpointOverride);
            cloudFormation = builder.build();
        }
        return cloudFormation;
    }

    /** CloudWatch Logs, for the driver's output of runs that log there ({@code emr.cloudwatch-log-group}). */
    public synchronized CloudWatchLogsClient cloudWatchLogs() {
        if (cloudWatchLogs == null) {
            Optional<URI> endpoint = settings.logsEndpoint();
            var builder = CloudWatchLogsClient.builder()
                    .httpClient(http())
                    .credentialsProvider(credentials())
                    .region(region(endpoint, "CloudWatch Logs"))
                    .overrideConfiguration(o -> bounded(o, null));
            endpoint.ifPresent(builder::endpointOverride);
            cloudWatchLogs = builder.build();
        }
        return cloudWatchLogs;
    }

    /** Who the credentials belong to, for one log line: {@code account 123456789012 as arn:aws:...}. */
    public String callerIdentity() {
        GetCallerIdentityResponse id = sts().getCallerIdentity();
        return "account " + id.account() + " as " + id.arn();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable c : new AutoCloseable[] {s3, emrServerless, ecr, sts, cloudFormation, cloudWatchLogs, http, closeable(ownCredentials)}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
        }
        s3 = null;
        emrServerless = null;
        ecr = null;
        sts = null;
        cloudFormation = null;
        cloudWatchLogs = null;
        http = null;
        ownCredentials = null;
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /**
     * Caps the {@link #CREDENTIAL_LOGGERS} at INFO in Maven's SLF4J logger (simple-logger
     * properties, read when a logger is made: before the first request signs). A level set for
     * them on the command line is left as it is.
     */
    static void keepCredentialsOutOfDebugLogs() {
        for (String logger : CREDENTIAL_LOGGERS) {
            String property = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(property) == null) {
                System.setProperty(property, "info");
            }
        }
    }

    private static AutoCloseable closeable(AwsCredentialsProvider provider) {
        return provider instanceof AutoCloseable c ? c : null;
    }

    private SdkHttpClient http() {
        checkOpen();
        if (http == null) {
            http = ApacheHttpClient.builder().build();
        }
        return http;
    }

    private AwsCredentialsProvider credentials() {
        if (givenCredentials != null) {
            return givenCredentials;
        }
        if (ownCredentials == null) {
            ownCredentials = settings.profile()
                    .map(p -> (AwsCredentialsProvider) ProfileCredentialsProvider.create(p))
                    .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        }
        return ownCredentials;
    }

    /**
     * {@code aws.region}, else the SDK's region chain (AWS_REGION, aws.region system property,
     * profile, instance metadata), else us-east-1 for an overridden endpoint: local fakes do not
     * care, and AWS itself must not be called in a region nobody chose.
     */
    Region region(Optional<URI> endpoint, String service) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        if (chainRegion == null) {
            try {
                chainRegion = Optional.ofNullable(regionChain.getRegion());
            } catch (SdkClientException e) {
                chainRegion = Optional.empty();
            }
        }
        if (chainRegion.isPresent()) {
            return chainRegion.get();
        }
        if (endpoint.isPresent()) {
            return ENDPOINT_OVERRIDE_REGION;
        }
        String profileHint = settings.profile().map(p -> ", or a region in AWS profile '" + p + "'").orElse("");
        throw new ConfigException("No AWS region for " + service + ": set " + ConfigKeys.AWS_REGION
                + " in the configuration (or -Dtrading." + ConfigKeys.AWS_REGION + "=<region>), or the AWS_REGION"
                + " environment variable" + profileHint);
    }

    /**
     * The standard retries (at most {@code maxAttempts} tries when given), every call bounded by
     * {@code aws.call-timeout} (retries and backoff included: a store or service that stalls fails
     * the call with an {@link software.amazon.awssdk.core.exception.ApiCallTimeoutException}), and
     * the interceptors.
     */
    private void bounded(ClientOverrideConfiguration.Builder o, Integer maxAttempts) {
        o.retryStrategy(standardRetries(maxAttempts))
                .apiCallTimeout(settings.callTimeout())
                .executionInterceptors(interceptors);
    }

    private static RetryStrategy standardRetries(Integer maxAttempts) {
        var builder = AwsRetryStrategy.standardRetryStrategy().toBuilder();
        if (maxAttempts != null) {
            builder.maxAttempts(maxAttempts);
        }
        return builder.build();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("AwsClients is closed");
        }
    }
}
