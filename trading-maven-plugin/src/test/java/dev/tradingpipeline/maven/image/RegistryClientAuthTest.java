package dev.tradingpipeline.maven.image;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logins as registries ask for them: a bearer token from the realm of a {@code WWW-Authenticate}
 * challenge (public.ecr.aws, Docker Hub), basic auth (private ECR), and blob redirects to storage
 * that must not see the login. WireMock plays the registry.
 */
class RegistryClientAuthTest {

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + RegistryClient.DOCKER_MANIFEST
            + "\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":2,"
            + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}";
    private static final String MANIFEST_DIGEST = RegistryClient.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8));

    private WireMockServer server;
    private String host;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        host = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void fetchesAnAnonymousBearerTokenFromTheChallengesRealm() {
        bearerChallenge("/v2/emr-serverless/spark/emr-7.11.0/manifests/latest",
                "repository:emr-serverless/spark/emr-7.11.0:pull");
        server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"token\":\"anonymous-token\"}")));
        server.stubFor(get(urlEqualTo("/v2/emr-serverless/spark/emr-7.11.0/manifests/latest"))
                .withHeader("Authorization", equalTo("Bearer anonymous-token"))
                .willReturn(manifest()));

        RegistryClient client = new RegistryClient(host, Optional.empty(), false);
        RegistryClient.Manifest manifest = client.manifest("emr-serverless/spark/emr-7.11.0", "latest").orElseThrow();

        assertThat(manifest.digest()).isEqualTo(MANIFEST_DIGEST);
        assertThat(manifest.isIndex()).isFalse();
        server.verify(getRequestedFor(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("test-registry"))
                .withQueryParam("scope", equalTo("repository:emr-serverless/spark/emr-7.11.0:pull"))
                .withHeader("Authorization", absent()));

        // the token is kept for the repository: no second token request
        client.manifest("emr-serverless/spark/emr-7.11.0", "latest").orElseThrow();
        server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void sendsTheCredentialToTheTokenService() {
        bearerChallenge("/v2/private/app/manifests/1.0", "repository:private/app:pull");
        server.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", equalTo(basic("robot", "secret")))
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"robot-token\"}")));
        server.stubFor(get(urlEqualTo("/v2/private/app/manifests/1.0"))
                .withHeader("Authorization", equalTo("Bearer robot-token")).willReturn(manifest()));

        RegistryClient client = new RegistryClient(host, Optional.of(new RegistryCredential("robot", "secret")), false);

        assertThat(client.manifest("private/app", "1.0")).isPresent();
    }

    @Test
    void usesBasicAuthWhenTheRegistryAsksForIt() {
        server.stubFor(head(urlEqualTo("/v2/trading/manifests/1.0")).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401)
                        .withHeader("WWW-Authenticate", "Basic realm=\"https://123.dkr.ecr.eu-west-1.amazonaws.com/\"")));
        server.stubFor(head(urlEqualTo("/v2/trading/manifests/1.0")).withHeader("Authorization", equalTo(basic("AWS", "ecr-token")))
                .willReturn(aResponse().withStatus(200).withHeader("Docker-Content-Digest", MANIFEST_DIGEST)));

        RegistryClient withLogin = new RegistryClient(host, Optional.of(new RegistryCredential("AWS", "ecr-token")), false);
        RegistryClient anonymous = new RegistryClient(host, Optional.empty(), false);

        assertThat(withLogin.manifestDigest("trading", "1.0")).contains(MANIFEST_DIGEST);
        assertThatThrownBy(() -> anonymous.manifestDigest("trading", "1.0"))
                .isInstanceOf(ImageBuildException.class)
                .hasMessageStartingWith(host + " needs a login for trading (HTTP 401");
    }

    @Test
    void refusedCredentialsAreNamedWithoutThePassword() {
        server.stubFor(get(urlEqualTo("/v2/trading/manifests/1.0"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));

        RegistryClient client = new RegistryClient(host, Optional.of(new RegistryCredential("AWS", "expired")), false);

        assertThatThrownBy(() -> client.manifest("trading", "1.0"))
                .hasMessage(host + " refused the credentials of AWS for trading (HTTP 401)")
                .message().doesNotContain("expired");
    }

    @Test
    void followsBlobRedirectsWithoutSendingTheLoginToStorage() {
        byte[] blob = "{}".getBytes(StandardCharsets.UTF_8);
        String digest = RegistryClient.sha256(blob);
        server.stubFor(get(urlEqualTo("/v2/trading/blobs/" + digest)).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
        server.stubFor(get(urlEqualTo("/v2/trading/blobs/" + digest)).withHeader("Authorization", equalTo(basic("AWS", "t")))
                .willReturn(aResponse().withStatus(307)
                        .withHeader("Location", "http://localhost:" + server.port() + "/storage/blob?signature=x")));
        server.stubFor(get(urlPathEqualTo("/storage/blob")).willReturn(aResponse().withStatus(200).withBody(blob)));

        RegistryClient client = new RegistryClient(host, Optional.of(new RegistryCredential("AWS", "t")), false);

        assertThat(client.blob("trading", digest)).isEqualTo(blob);
        server.verify(getRequestedFor(urlPathEqualTo("/storage/blob")).withHeader("Authorization", absent()));
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRejected() {
        String digest = "sha256:" + "1".repeat(64);
        server.stubFor(get(urlEqualTo("/v2/trading/blobs/" + digest)).willReturn(aResponse().withStatus(200).withBody("{}")));

        assertThatThrownBy(() -> new RegistryClient(host, Optional.empty(), false).blob("trading", digest))
                .hasMessageContaining("the registry sent other content");
    }

    private void bearerChallenge(String path, String scope) {
        server.stubFor(get(urlEqualTo(path)).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"http://" + host + "/token\",service=\"test-registry\",scope=\"" + scope + "\"")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder manifest() {
        return aResponse().withStatus(200).withHeader("Content-Type", RegistryClient.DOCKER_MANIFEST)
                .withHeader("Docker-Content-Digest", MANIFEST_DIGEST).withBody(MANIFEST);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
