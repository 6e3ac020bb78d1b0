package dev.tradingpipeline.maven.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tradingpipeline.maven.aws.EcrAuth.RegistryLogin;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

class EcrAuthTest {

    static final String REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trading/jobs";
    static final String TARGET = "AmazonEC2ContainerRegistry_V20150921.";

    final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    final AwsClients aws;

    EcrAuthTest() {
        server.start();
        aws = TestAws.clients(AwsSettings.defaults().withEcrEndpoint(URI.create(server.baseUrl())));
    }

    @AfterEach
    void stop() {
        aws.close();
        server.stop();
    }

    /** ECR speaks AWS JSON 1.1: POST / with the operation in X-Amz-Target. */
    void stubOperation(String operation, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation)).willReturn(response));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    static String token(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTokenIsDecodedIntoUserAndPasswordForTheRepositorysRegistry() {
        stubOperation("GetAuthorizationToken", json("{\"authorizationData\":[{\"authorizationToken\":\""
                + token("AWS:eyJwYXlsb2FkIjoi:with:colons") + "\",\"expiresAt\":1709683200,"
                + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.us-east-1.amazonaws.com\"}]}"));

        RegistryLogin login = EcrAuth.login(aws.ecr(), REPO + "@sha256:" + "ab".repeat(32));

        assertThat(login.registry()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com");
        assertThat(login.username()).isEqualTo("AWS");
        assertThat(login.password()).isEqualTo("eyJwYXlsb2FkIjoi:with:colons");
        assertThat(login.expiresAt()).isEqualTo(Instant.parse("2024-03-06T00:00:00Z"));
        server.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET + "GetAuthorizationToken"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withRequestBody(equalToJson("{}")));
    }

    @Test
    void theLoginNeverShowsItsPassword() {
        RegistryLogin login = new RegistryLogin("r.example", "AWS", "s3cret-password", Instant.EPOCH);

        assertThat(login.toString()).doesNotContain("s3cret").contains("password=****").contains("registry=r.example");
    }

    @Test
    void accessDeniedSaysThatNoCredentialsMayPush() {
        stubOperation("GetAuthorizationToken", error(400, "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken"));

        assertThatThrownBy(() -> EcrAuth.login(aws.ecr(), REPO))
                .isInstanceOf(EcrAccessException.class)
                .hasMessage("no credentials allowed to push to " + REPO + ": AccessDeniedException, HTTP 400: User:"
                        + " arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken");
    }

    @Test
    void missingCredentialsAlsoSayThatNoCredentialsMayPush() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        try (AwsClients noCredentials = new AwsClients(AwsSettings.defaults().withRegion("us-east-1")
                .withEcrEndpoint(URI.create(server.baseUrl())), none)) {
            assertThatThrownBy(() -> EcrAuth.login(noCredentials.ecr(), REPO))
                    .isInstanceOf(EcrAccessException.class)
                    .hasMessageStartingWith("no credentials allowed to push to " + REPO + ": Unable to load credentials");
        }
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aTokenThatIsNotUserColonPasswordIsRefusedWithoutShowingIt() {
        stubOperation("GetAuthorizationToken", json("{\"authorizationData\":[{\"authorizationToken\":\""
                + token("no-colon-secret") + "\",\"expiresAt\":1709683200}]}"));

        assertThatThrownBy(() -> EcrAuth.login(aws.ecr(), REPO))
                .isInstanceOf(EcrAccessException.class)
                .hasMessageContaining("not <user>:<password>")
                .message().doesNotContain("no-colon-secret");
    }

    @Test
    void noAuthorizationDataIsAnError() {
        stubOperation("GetAuthorizationToken", json("{\"authorizationData\":[]}"));

        assertThatThrownBy(() -> EcrAuth.login(aws.ecr(), REPO))
                .isInstanceOf(EcrAccessException.class)
                .hasMessage("ECR GetAuthorizationToken for " + REPO + " returned no authorization data");
    }

    @Test
    void aRepositoryInAnotherRegionIsRefusedBeforeAnyCall() {
        try (EcrClient ecr = EcrClient.builder().region(Region.EU_WEST_1).credentialsProvider(TestAws.credentials())
                .build()) {
            assertThatThrownBy(() -> EcrAuth.login(ecr, REPO))
                    .isInstanceOf(EcrAccessException.class)
                    .hasMessage("ECR repository " + REPO + " is in region us-east-1, but the AWS clients work in"
                            + " eu-west-1: set aws.region to us-east-1 or use a repository in eu-west-1");
        }
    }

    @Test
    void notAnEcrRepositoryIsAnArgumentError() {
        assertThatThrownBy(() -> EcrAuth.login(aws.ecr(), "127.0.0.1:5000/trading/jobs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an Amazon ECR repository");
    }

    // --- repository check ---------------------------------------------------------------------

    @Test
    void anExistingRepositoryPasses() {
        stubOperation("DescribeRepositories", json("{\"repositories\":[{\"repositoryArn\":"
                + "\"arn:aws:ecr:us-east-1:123456789012:repository/trading/jobs\",\"registryId\":\"123456789012\","
                + "\"repositoryName\":\"trading/jobs\",\"repositoryUri\":\"" + REPO + "\",\"createdAt\":1709640000}]}"));

        EcrAuth.checkRepositoryExists(aws.ecr(), REPO + ":1.2.0");

        server.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET + "DescribeRepositories"))
                .withRequestBody(equalToJson("{\"registryId\":\"123456789012\",\"repositoryNames\":[\"trading/jobs\"]}")));
    }

    @Test
    void aMissingRepositorySaysHowToCreateIt() {
        stubOperation("DescribeRepositories", error(400, "RepositoryNotFoundException",
                "The repository with name 'trading/jobs' does not exist in the registry with id '123456789012'"));

        assertThatThrownBy(() -> EcrAuth.checkRepositoryExists(aws.ecr(), REPO))
                .isInstanceOf(EcrAccessException.class)
                .hasMessage("ECR repository trading/jobs does not exist in account 123456789012; create it"
                        + " (aws ecr create-repository --repository-name trading/jobs --region us-east-1)");
    }

    @Test
    void aRefusedLookupNamesThePermission() {
        stubOperation("DescribeRepositories", error(400, "AccessDeniedException", "not authorized"));

        assertThatThrownBy(() -> EcrAuth.checkRepositoryExists(aws.ecr(), REPO))
                .isInstanceOf(EcrAccessException.class)
                .hasMessage("no credentials allowed to look up ECR repository " + REPO
                        + " (ecr:DescribeRepositories): AccessDeniedException, HTTP 400: not authorized");
    }
}
