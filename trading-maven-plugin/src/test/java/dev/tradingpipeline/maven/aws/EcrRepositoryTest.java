package dev.tradingpipeline.maven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcrRepositoryTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void aDigestReferenceNamesRegistryAccountRegionAndRepository() {
        EcrRepository repo = EcrRepository.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/trading/jobs@" + DIGEST);

        assertThat(repo.registry()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
        assertThat(repo.accountId()).isEqualTo("123456789012");
        assertThat(repo.region()).isEqualTo("eu-west-1");
        assertThat(repo.name()).isEqualTo("trading/jobs");
        assertThat(repo.uri()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/trading/jobs");
    }

    @Test
    void tagsAreNotPartOfTheName() {
        assertThat(EcrRepository.parse("123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs:1.2.0").name())
                .isEqualTo("jobs");
        assertThat(EcrRepository.parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a/b").region())
                .isEqualTo("cn-north-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs",
        "123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn/jobs:latest",
        "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/jobs",
        "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs"})
    void privateEcrRepositories(String uri) {
        assertThat(EcrRepository.isEcr(uri)).isTrue();
        assertThat(EcrAuth.isEcr(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "public.ecr.aws/emr-serverless/spark/emr-7.11.0:latest",
        "127.0.0.1:5000/trading/jobs",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/",
        "12345.dkr.ecr.us-east-1.amazonaws.com/jobs",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example/jobs",
        ""})
    void otherReferencesAreNotEcr(String uri) {
        assertThat(EcrRepository.isEcr(uri)).isFalse();
    }

    @Test
    void parsingSomethingElseNamesTheExpectedForm() {
        assertThatThrownBy(() -> EcrRepository.parse("127.0.0.1:5000/trading/jobs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'127.0.0.1:5000/trading/jobs' is not an Amazon ECR repository"
                        + " (expected <account>.dkr.ecr.<region>.amazonaws.com/<name>)");
    }
}
