package dev.tradingpipeline.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog settings per catalog type and warehouse: S3FileIO for S3 warehouses, with the endpoint and region off EMR. */
class CatalogSettingsTest {

    private static final String P = "spark.sql.catalog.trading";

    @TempDir
    Path dir;

    private Map<String, String> settings(Map<String, String> keys) {
        return CatalogSettings.catalogSettings(TradingConfig.parse("", "config.yaml", dir.toString(), keys, "--set "));
    }

    @Test
    void restAndHiveOnAnS3WarehouseUseS3FileIoWithTheConfiguredEndpointAndRegion() {
        for (String type : new String[] {"rest", "hive"}) {
            Map<String, String> s = settings(Map.of("catalog.type", type, "catalog.uri", "http://127.0.0.1:8181",
                    "paths.warehouse", "s3://bucket/warehouse", "aws.endpoints.s3", "http://127.0.0.1:9000",
                    "aws.region", "eu-west-1"));

            assertThat(s).as(type)
                    .containsEntry(P + ".type", type)
                    .containsEntry(P + ".uri", "http://127.0.0.1:8181")
                    .containsEntry(P + ".warehouse", "s3://bucket/warehouse")
                    .containsEntry(P + ".io-impl", CatalogSettings.S3_FILE_IO)
                    .containsEntry(P + ".s3.endpoint", "http://127.0.0.1:9000")
                    .containsEntry(P + ".s3.path-style-access", "true")
                    .containsEntry(P + ".client.region", "eu-west-1");
        }
    }

    @Test
    void anS3AWarehouseIsS3TooAndWithoutEndpointOrRegionTheDefaultChainsApply() {
        Map<String, String> s = settings(Map.of("catalog.type", "rest", "paths.warehouse", "s3a://bucket/wh"));

        assertThat(s).containsEntry(P + ".io-impl", CatalogSettings.S3_FILE_IO)
                .doesNotContainKeys(P + ".s3.endpoint", P + ".s3.path-style-access", P + ".client.region");
    }

    @Test
    void aLocalWarehouseKeepsTheCatalogsOwnFileIo() {
        Map<String, String> s = settings(Map.of("catalog.type", "rest", "paths.warehouse", "wh",
                "aws.endpoints.s3", "http://127.0.0.1:9000"));

        assertThat(s).containsEntry(P + ".type", "rest").doesNotContainKeys(P + ".io-impl", P + ".s3.endpoint");
        assertThat(s.get(P + ".warehouse")).isEqualTo(dir.resolve("wh").toString());
    }

    @Test
    void onEmrGlueUsesS3FileIoWithTheServicesOwnEndpointAndRegion() {
        // the aws.endpoints.* keys point the plugin's own calls elsewhere (tests, private links):
        // a job on EMR Serverless keeps the service's S3
        Map<String, String> s = settings(Map.of("target", "emr", "paths.warehouse", "s3://bucket/wh",
                "aws.endpoints.s3", "http://127.0.0.1:9000", "aws.region", "eu-west-1"));

        assertThat(s).containsEntry(P + ".catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
                .containsEntry(P + ".io-impl", CatalogSettings.S3_FILE_IO)
                .doesNotContainKeys(P + ".s3.endpoint", P + ".client.region");
    }

    @Test
    void s3FileIoGetsTimeBoundsOnAndOffEmr() {
        for (Map<String, String> keys : List.of(Map.of("target", "emr", "paths.warehouse", "s3://bucket/wh"),
                Map.of("catalog.type", "glue", "paths.warehouse", "s3://bucket/wh"),
                Map.of("catalog.type", "hive", "paths.warehouse", "s3a://bucket/wh"))) {
            Map<String, String> s = settings(keys);

            assertThat(s).as("%s", keys)
                    .containsEntry(P + ".http-client.apache.connection-timeout-ms", "5000")
                    .containsEntry(P + ".http-client.apache.socket-timeout-ms", "30000")
                    .containsEntry(P + ".s3.retry.num-retries", "3")
                    .containsEntry(P + ".s3.retry.min-wait-ms", "1000")
                    .containsEntry(P + ".s3.retry.max-wait-ms", "10000")
                    .doesNotContainKeys(P + ".rest.client.socket-timeout-ms");
        }
    }

    @Test
    void theRestCatalogsClientIsBoundedWhereverItsWarehouseIs() {
        Map<String, String> s3 = settings(Map.of("catalog.type", "rest", "paths.warehouse", "s3://bucket/wh"));
        Map<String, String> local = settings(Map.of("catalog.type", "rest", "paths.warehouse", "wh"));

        assertThat(s3).containsEntry(P + ".rest.client.connection-timeout-ms", "10000")
                .containsEntry(P + ".rest.client.socket-timeout-ms", "120000")
                .containsEntry(P + ".s3.retry.num-retries", "3");
        assertThat(local).containsEntry(P + ".rest.client.socket-timeout-ms", "120000")
                .doesNotContainKeys(P + ".s3.retry.num-retries", P + ".http-client.apache.socket-timeout-ms");
    }

    @Test
    void theBoundsAreTheCatalogSettingsThatCallBoundsNames() {
        TradingConfig rest = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("catalog.type", "rest", "paths.warehouse", "s3://bucket/wh"), "--set ");
        TradingConfig hadoop = TradingConfig.parse("", "config.yaml", dir.toString(), Map.of(), "--set ");

        assertThat(CatalogSettings.catalogSettings(rest)).containsAllEntriesOf(CatalogSettings.callBounds(rest));
        assertThat(CatalogSettings.callBounds(rest)).hasSize(
                CatalogSettings.S3_FILE_IO_BOUNDS.size() + CatalogSettings.REST_BOUNDS.size());
        // the local Hadoop catalog writes through Hadoop's file systems (S3A's bounds: S3Access)
        assertThat(CatalogSettings.callBounds(hadoop)).isEmpty();
        assertThat(CatalogSettings.catalogSettings(hadoop)).doesNotContainKeys(P + ".s3.retry.num-retries");
    }
}
