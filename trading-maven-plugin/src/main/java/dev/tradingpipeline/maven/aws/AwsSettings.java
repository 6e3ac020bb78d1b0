package dev.tradingpipeline.maven.aws;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom the AWS clients work, and how long one call may take: the {@code aws.*} keys
 * of the configuration. Every place and identity is optional; an absent one leaves the SDK's
 * defaults in charge (region chain, credential chain, AWS endpoints). The call timeout
 * ({@code aws.call-timeout}, 5 minutes unless set) bounds every call, retries included, so that a
 * store or service that stalls fails the goal instead of hanging it.
 */
public record AwsSettings(
        Optional<String> region,
        Optional<String> profile,
        Optional<URI> s3Endpoint,
        Optional<URI> emrServerlessEndpoint,
        Optional<URI> ecrEndpoint,
        Optional<URI> stsEndpoint,
        Optional<URI> cloudFormationEndpoint,
        Optional<URI> logsEndpoint,
        Duration callTimeout) {

    /** Default of {@code aws.call-timeout}. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

    public AwsSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(s3Endpoint, "s3Endpoint");
        Objects.requireNonNull(emrServerlessEndpoint, "emrServerlessEndpoint");
        Objects.requireNonNull(ecrEndpoint, "ecrEndpoint");
        Objects.requireNonNull(stsEndpoint, "stsEndpoint");
        Objects.requireNonNull(cloudFormationEndpoint, "cloudFormationEndpoint");
        Objects.requireNonNull(logsEndpoint, "logsEndpoint");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
    }

    /** Nothing set: the SDK's defaults for everything, calls bounded by {@link #DEFAULT_CALL_TIMEOUT}. */
    public static AwsSettings defaults() {
        return new AwsSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_CALL_TIMEOUT);
    }

    /** Reads the {@code aws.*} keys; an empty value counts as not set. */
    public static AwsSettings from(TradingConfig config) {
        return new AwsSettings(
                text(config, ConfigKeys.AWS_REGION),
                text(config, ConfigKeys.AWS_PROFILE),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_S3),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_EMR_SERVERLESS),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_ECR),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_STS),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_CLOUDFORMATION),
                endpoint(config, ConfigKeys.AWS_ENDPOINT_LOGS),
                callTimeout(config));
    }

    public AwsSettings withRegion(String region) {
        return new AwsSettings(Optional.of(region), profile, s3Endpoint, emrServerlessEndpoint, ecrEndpoint,
                stsEndpoint, cloudFormationEndpoint, logsEndpoint, callTimeout);
    }

    public AwsSettings withS3Endpoint(URI endpoint) {
        return new AwsSettings(region, profile, Optional.of(endpoint), emrServerlessEndpoint, ecrEndpoint,
                stsEndpoint, cloudFormationEndpoint, logsEndpoint, callTimeout);
    }

    public AwsSettings withEmrServerlessEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, s3Endpoint, Optional.of(endpoint), ecrEndpoint, stsEndpoint,
                cloudFormationEndpoint, logsEndpoint, callTimeout);
    }

    public AwsSettings withEcrEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, s3Endpoint, emrServerlessEndpoint, Optional.of(endpoint), stsEndpoint,
                cloudFormationEndpoint, logsEndpoint, callTimeout);
    }

    public AwsSettings withStsEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, s3Endpoint, emrServerlessEndpoint, ecrEndpoint,
                Optional.of(endpoint), cloudFormationEndpoint, logsEndpoint, callTimeout);
    }

    public AwsSettings withCloudFormationEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, s3Endpoint, emrServerlessEndpoint, ecrEndpoint, stsEndpoint,
                Optional.of(endpoint), logsEndpoint, callTimeout);
    }

    public AwsSettings withLogsEndpoint(URI endpoint) {
        return new AwsSettings(region, profile, s3Endpoint, emrServerlessEndpoint, ecrEndpoint, stsEndpoint,
                cloudFormationEndpoint, Optional.of(endpoint), callTimeout);
    }

    /** How long one AWS call may take, its retries included ({@code aws.call-timeout}). */
    public AwsSettings withCallTimeout(Duration timeout) {
        return new AwsSettings(region, profile, s3Endpoint, emrServerlessEndpoint, ecrEndpoint, stsEndpoint,
                cloudFormationEndpoint, logsEndpoint, timeout);
    }

    private static Duration callTimeout(TradingConfig config) {
        Duration d = config.getDuration(ConfigKeys.AWS_CALL_TIMEOUT);
        if (d.isZero()) {
            throw new ConfigException(config.source() + ": key '" + ConfigKeys.AWS_CALL_TIMEOUT
                    + "': expected a duration above zero such as 5m, got '" + config.get(ConfigKeys.AWS_CALL_TIMEOUT).trim()
                    + "' (every AWS call would fail at once)");
        }
        return d;
    }

    private static Optional<String> text(TradingConfig config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static Optional<URI> endpoint(TradingConfig config, String key) {
        Optional<String> text = text(config, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String v = text.get();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw badEndpoint(config, key, v, e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw badEndpoint(config, key, v, "the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw badEndpoint(config, key, v, "no host");
        }
        return Optional.of(uri);
    }

    private static ConfigException badEndpoint(TradingConfig config, String key, String value, String reason) {
        return new ConfigException(config.source() + ": key '" + key + "': expected an endpoint URL such as"
                + " http://127.0.0.1:9000, got '" + value + "' (" + reason + ")");
    }
}
