package dev.tradingpipeline.maven.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

class AwsClientsTest {

    private static final AwsRegionProvider NO_REGION = () -> {
        throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    };

    @Test
    void anExplicitRegionWins() {
        try (AwsClients aws = new AwsClients(AwsSettings.defaults().withRegion("eu-west-1"), TestAws.credentials(),
                () -> Region.AP_SOUTHEAST_2)) {
            assertThat(aws.s3().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(aws.emrServerless().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(aws.ecr().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void otherwiseTheRegionChainDecides() {
        try (AwsClients aws = new AwsClients(AwsSettings.defaults(), TestAws.credentials(), () -> Region.AP_SOUTHEAST_2)) {
            assertThat(aws.sts().serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
        }
    }

    @Test
    void anOverriddenEndpointWithoutRegionUsesUsEast1() {
        URI endpoint = URI.create("http://127.0.0.1:9");
        try (AwsClients aws = new AwsClients(AwsSettings.defaults().withS3Endpoint(endpoint), TestAws.credentials(),
                NO_REGION)) {
            assertThat(aws.s3().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            assertThat(aws.s3().serviceClientConfiguration().endpointOverride()).contains(endpoint);
        }
    }

    @Test
    void noRegionAtAllIsAConfigurationError() {
        try (AwsClients aws = new AwsClients(AwsSettings.defaults(), TestAws.credentials(), NO_REGION)) {
            assertThatThrownBy(aws::emrServerless)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("aws.region")
                    .hasMessageContaining("AWS_REGION");
        }
    }

    @Test
    void everyClientsCallsAreBoundedByTheCallTimeout() {
        Duration bound = Duration.ofSeconds(42);
        try (AwsClients aws = new AwsClients(AwsSettings.defaults().withRegion("us-east-1").withCallTimeout(bound),
                TestAws.credentials())) {
            assertThat(List.of(aws.s3().serviceClientConfiguration(), aws.emrServerless().serviceClientConfiguration(),
                    aws.ecr().serviceClientConfiguration(), aws.sts().serviceClientConfiguration(),
                    aws.cloudFormation().serviceClientConfiguration(), aws.cloudWatchLogs().serviceClientConfiguration()))
                    .allSatisfy(c -> assertThat(c.overrideConfiguration().apiCallTimeout()).contains(bound));
        }
    }

    @Test
    void clientsAreMadeOnceAndNotAfterClose() {
        AwsClients aws = new AwsClients(AwsSettings.defaults().withRegion("us-east-1"), TestAws.credentials());
        assertThat(aws.s3()).isSameAs(aws.s3());
        aws.close();
        aws.close();
        assertThatThrownBy(aws::s3).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void callerIdentityNamesAccountAndArn() {
        WireMockServer sts = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        sts.start();
        try {
            sts.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetCallerIdentity"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                              <GetCallerIdentityResult>
                                <Arn>arn:aws:sts::123456789012:assumed-role/quant/alice</Arn>
                                <UserId>AROAEXAMPLE:alice</UserId>
                                <Account>123456789012</Account>
                              </GetCallerIdentityResult>
                              <ResponseMetadata><RequestId>4f1c7a52-0000-4000-8000-000000000000</RequestId></ResponseMetadata>
                            </GetCallerIdentityResponse>
                            """)));
            try (AwsClients aws = TestAws.clients(
                    AwsSettings.defaults().withStsEndpoint(URI.create("http://127.0.0.1:" + sts.port())))) {
                assertThat(aws.callerIdentity())
                        .isEqualTo("account 123456789012 as arn:aws:sts::123456789012:assumed-role/quant/alice");
            }
        } finally {
            sts.stop();
        }
    }

    @Test
    void theLoggersThatPrintCredentialsAtDebugAreCappedAtInfoUnlessSetOnTheCommandLine() {
        String signer = "org.slf4j.simpleLogger.log.software.amazon.awssdk.http.auth.aws.internal.signer";
        String wire = "org.slf4j.simpleLogger.log.org.apache.http.wire";
        String before = System.getProperty(signer);
        String beforeWire = System.getProperty(wire);
        try {
            System.clearProperty(signer);
            System.setProperty(wire, "debug");
            try (AwsClients aws = TestAws.clients(AwsSettings.defaults())) {
                assertThat(System.getProperty(signer)).isEqualTo("info");
                assertThat(System.getProperty(wire)).isEqualTo("debug");
            }
            assertThat(AwsClients.CREDENTIAL_LOGGERS).contains("software.amazon.awssdk.auth.signer",
                    "org.apache.http.headers");
        } finally {
            restore(signer, before);
            restore(wire, beforeWire);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
