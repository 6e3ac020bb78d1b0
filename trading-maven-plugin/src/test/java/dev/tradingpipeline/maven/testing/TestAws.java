package dev.tradingpipeline.maven.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** AWS clients for tests against local fakes (S3Proxy, WireMock): fixed dummy credentials, us-east-1. */
public final class TestAws {

    public static final String REGION = "us-east-1";

    private TestAws() {
    }

    /**
     * Makes {@code server} answer STS GetCallerIdentity (the account line submit prints) as the IAM
     * user {@code user} of account 123456789012.
     */
    public static void stubCallerIdentity(WireMockServer server, String user) {
        server.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/" + user + "</Arn>"
                                + "<UserId>AIDA" + user.toUpperCase(Locale.ROOT) + "</UserId>"
                                + "<Account>123456789012</Account></GetCallerIdentityResult>"
                                + "<ResponseMetadata><RequestId>" + user + "-1</RequestId></ResponseMetadata>"
                                + "</GetCallerIdentityResponse>")));
    }

    /** Credentials the fakes accept (they do not check signatures); never real ones. */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test-access-key", "test-secret-key"));
    }

    /**
     * The same dummy credentials and region as environment variables, for a child process that uses
     * the default credential chain (S3A, S3FileIO in Spark executors or a REST catalog server).
     */
    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", "test-access-key", "AWS_SECRET_ACCESS_KEY", "test-secret-key",
                "AWS_REGION", REGION);
    }

    /** Clients for the given settings, in {@value #REGION} unless the settings name a region. */
    public static AwsClients clients(AwsSettings settings) {
        AwsSettings s = settings.region().isPresent() ? settings : settings.withRegion(REGION);
        return new AwsClients(s, credentials());
    }

    /** Clients as {@link #clients(AwsSettings)}, with interceptors that see every request (see {@link RequestCounter}). */
    public static AwsClients clients(AwsSettings settings, List<ExecutionInterceptor> interceptors) {
        AwsSettings s = settings.region().isPresent() ? settings : settings.withRegion(REGION);
        return new AwsClients(s, credentials(), interceptors);
    }
}
