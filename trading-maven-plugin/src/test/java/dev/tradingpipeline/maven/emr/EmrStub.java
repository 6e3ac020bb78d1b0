package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/** An in-process WireMock standing in for EMR Serverless, and real SDK clients pointed at it. */
final class EmrStub implements AutoCloseable {
    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final List<EmrServerlessClient> clients = new ArrayList<>();

    EmrStub() {
        server.start();
    }

    /** A client with the SDK's own retries off, so that our retries are what the test sees. */
    EmrServerlessClient client() {
        return client(false);
    }

    EmrServerlessClient client(boolean sdkRetries) {
        var builder = EmrServerlessClient.builder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.US_EAST_1)
                // dummy keys: the stub does not check signatures
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .httpClientBuilder(ApacheHttpClient.builder());
        if (!sdkRetries) {
            builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        }
        EmrServerlessClient c = builder.build();
        clients.add(c);
        return c;
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** An AWS JSON error as EMR Serverless sends it. */
    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"message\":\"" + message + "\"}");
    }

    @Override
    public void close() {
        clients.forEach(EmrServerlessClient::close);
        server.stop();
    }
}
