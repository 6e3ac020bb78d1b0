package dev.tradingpipeline.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Path;
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
}
