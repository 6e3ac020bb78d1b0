package dev.tradingpipeline.core.config;

import static dev.tradingpipeline.core.config.ConfigKey.Type.BOOLEAN;
import static dev.tradingpipeline.core.config.ConfigKey.Type.DATE;
import static dev.tradingpipeline.core.config.ConfigKey.Type.DURATION;
import static dev.tradingpipeline.core.config.ConfigKey.Type.KMS_KEY;
import static dev.tradingpipeline.core.config.ConfigKey.Type.LIST;
import static dev.tradingpipeline.core.config.ConfigKey.Type.LOCATION;
import static dev.tradingpipeline.core.config.ConfigKey.Type.MAP;
import static dev.tradingpipeline.core.config.ConfigKey.Type.MEMORY;
import static dev.tradingpipeline.core.config.ConfigKey.Type.NON_NEGATIVE_INT;
import static dev.tradingpipeline.core.config.ConfigKey.Type.POSITIVE_INT;
import static dev.tradingpipeline.core.config.ConfigKey.Type.S3_URI;
import static dev.tradingpipeline.core.config.ConfigKey.Type.STRING;

import dev.tradingpipeline.core.tables.TableNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key config.yaml accepts, with its type, default and description: the single source of truth.
 * The description is the key's only documentation: {@link ConfigReference} renders docs/configuration.md
 * from it (Markdown, with links relative to docs/).
 */
public final class ConfigKeys {

    public static final List<String> MODES = List.of("bootstrap", "daily", "strategy", "maintenance",
            "report");

    public static final String TARGET = "target";
    public static final String PATHS_LANDING = "paths.landing";
    public static final String PATHS_WAREHOUSE = "paths.warehouse";
    public static final String PATHS_REPORTS = "paths.reports";
    public static final String PATHS_SETTLEMENTS = "paths.settlements";
    public static final String SETTLEMENT_AM_ROOTS = "settlement.am-roots";
    public static final String STATISTICS_BOOTSTRAP_DRAWS = "statistics.bootstrap.draws";
    public static final String STATISTICS_BOOTSTRAP_SEED = "statistics.bootstrap.seed";
    public static final String STATISTICS_BOOTSTRAP_MEAN_BLOCK = "statistics.bootstrap.mean-block";
    public static final String INGEST_FILES_PER_BATCH = "ingest.files-per-batch";
    public static final String INGEST_COMPACT_AFTER_BOOTSTRAP = "ingest.compact-after-bootstrap";
    public static final String INGEST_MAX_UNCOMPRESSED_SIZE = "ingest.max-uncompressed-size";
    public static final String MAINTENANCE_TABLES = "maintenance.tables";
    public static final String MAINTENANCE_DRY_RUN = "maintenance.dry-run";
    public static final String MAINTENANCE_EXPIRE_OLDER_THAN = "maintenance.expire-older-than";
    public static final String MAINTENANCE_RETAIN_LAST = "maintenance.retain-last";
    public static final String MAINTENANCE_ORPHAN_OLDER_THAN = "maintenance.orphan-older-than";
    public static final String REPORTS_WRITE_TIMEOUT = "reports.write-timeout";
    public static final String CATALOG_NAME = "catalog.name";
    public static final String CATALOG_TYPE = "catalog.type";
    public static final String CATALOG_URI = "catalog.uri";
    public static final String TABLE_PROPERTIES = "table-properties.*";
    public static final String SPARK_CONF = "spark-conf.*";
    public static final String LOCAL_MASTER = "local.master";
    public static final String SPARK_MASTER = "spark.master";
    public static final String SPARK_HOME = "spark.home";
    public static final String SPARK_ARTIFACTS_URI = "spark.artifacts-uri";
    public static final String SPARK_MASTER_WEB_UI = "spark.master-web-ui";
    public static final String SAMPLE_START_DATE = "sample.start-date";
    public static final String SAMPLE_DAYS = "sample.days";
    public static final String SAMPLE_ROWS_PER_DAY = "sample.rows-per-day";
    public static final String SAMPLE_SEED = "sample.seed";
    public static final String SAMPLE_COMPRESSION = "sample.compression";
    public static final String SAMPLE_VARIANT = "sample.variant";
    public static final String SAMPLE_UNDERLYINGS = "sample.underlyings";
    public static final String AWS_REGION = "aws.region";
    public static final String AWS_PROFILE = "aws.profile";
    public static final String AWS_ACCOUNT_ID = "aws.account-id";
    public static final String AWS_S3_KMS_KEY_ID = "aws.s3.kms-key-id";
    public static final String AWS_ENDPOINT_S3 = "aws.endpoints.s3";
    public static final String AWS_ENDPOINT_EMR_SERVERLESS = "aws.endpoints.emr-serverless";
    public static final String AWS_ENDPOINT_ECR = "aws.endpoints.ecr";
    public static final String AWS_ENDPOINT_STS = "aws.endpoints.sts";
    public static final String AWS_ENDPOINT_CLOUDFORMATION = "aws.endpoints.cloudformation";
    public static final String AWS_ENDPOINT_LOGS = "aws.endpoints.logs";
    public static final String AWS_CALL_TIMEOUT = "aws.call-timeout";
    public static final String EMR_APPLICATION_ID = "emr.application-id";
    public static final String EMR_APPLICATION_NAME = "emr.application-name";
    public static final String EMR_EXECUTION_ROLE_ARN = "emr.execution-role-arn";
    public static final String EMR_ARTIFACTS_URI = "emr.artifacts-uri";
    public static final String EMR_LOGS_URI = "emr.logs-uri";
    public static final String EMR_CLOUDWATCH_LOG_GROUP = "emr.cloudwatch-log-group";
    public static final String EMR_EXECUTION_TIMEOUT_MINUTES = "emr.execution-timeout-minutes";
    public static final String EMR_MAX_ATTEMPTS = "emr.max-attempts";
    public static final String EMR_RECORD_COST = "emr.record-cost";
    public static final String EMR_POLL_INTERVAL = "emr.poll-interval";
    public static final String EMR_CANCEL_GRACE_PERIOD = "emr.cancel-grace-period-seconds";
    public static final String EMR_ICEBERG_JAR = "emr.iceberg-jar";
    public static final String EMR_TAGS = "emr.tags.*";
    public static final String EMR_USE_IMAGE = "emr.use-image";
    public static final String EMR_MAX_VCPU = "emr.max-vcpu";
    public static final String EMR_ALLOW_OVERSIZED = "emr.allow-oversized";
    public static final String EMR_PRICES_ARCHITECTURE = "emr.prices.architecture";
    public static final String EMR_PRICES_VCPU_HOUR = "emr.prices.vcpu-hour";
    public static final String EMR_PRICES_MEMORY_GB_HOUR = "emr.prices.memory-gb-hour";
    public static final String EMR_PRICES_STORAGE_GB_HOUR = "emr.prices.storage-gb-hour";
    public static final String IMAGE_BASE = "image.base";
    public static final String IMAGE_PLATFORM = "image.platform";
    public static final String IMAGE_REPOSITORY = "image.repository";
    public static final String IMAGE_TAG = "image.tag";
    public static final String IMAGE_ALLOW_INSECURE = "image.allow-insecure-registries";
    public static final String IMAGE_UPDATE_APPLICATION = "image.update-application";
    public static final String IMAGE_STOP_POLICY = "image.stop-policy";
    public static final String IMAGE_LIBRARIES_DIR = "image.libraries-dir";
    public static final String SETUP_STACK_NAME = "setup.stack-name";
    public static final String SETUP_BUCKET = "setup.bucket";
    public static final String SETUP_REPOSITORY_NAME = "setup.repository-name";
    public static final String SETUP_MAX_VCPU = "setup.max-vcpu";
    public static final String SETUP_MAX_MEMORY = "setup.max-memory";
    public static final String SETUP_IDLE_TIMEOUT = "setup.idle-timeout";
    public static final String SETUP_LOGS_EXPIRE_AFTER = "setup.logs-expire-after";
    public static final String SETUP_GLUE_DATABASES = "setup.glue-databases";

    /**
     * The tables the maintenance mode looks after: the ingest tables, then the strategy mode's
     * gold tables (compile-time constants, so no Spark class is loaded to validate a config).
     */
    public static final List<String> MAINTAINED_TABLES = TableNames.MAINTAINED;

    /** The stationary bootstrap's defaults and limits (the strategy mode's statistics take them from here). */
    public static final int BOOTSTRAP_DEFAULT_DRAWS = 1000;
    public static final int BOOTSTRAP_MAX_DRAWS = 100_000;
    public static final long BOOTSTRAP_DEFAULT_SEED = 42;
    public static final int BOOTSTRAP_DEFAULT_MEAN_BLOCK = 10;
    /** Forty years of trading days. */
    public static final int BOOTSTRAP_MAX_MEAN_BLOCK = 10_080;

    /** Default table properties: keep metadata small during bulk loads, files large. */
    public static final Map<String, String> DEFAULT_TABLE_PROPERTIES = Map.of(
            "write.target-file-size-bytes", "536870912",
            "write.distribution-mode", "hash",
            "write.metadata.delete-after-commit.enabled", "true",
            "write.metadata.previous-versions-max", "3");

    private static final Map<String, ConfigKey> KEYS;

    static {
        List<ConfigKey> keys = new ArrayList<>();
        keys.add(ConfigKey.oneOf(TARGET, "local",
                "Where jobs run: `local` (Spark `local[*]` in a forked JVM, Iceberg catalog on local disk), `emr`"
                        + " (EMR Serverless, see [EMR and AWS](emr-and-aws.md)) or `spark` (an existing Spark cluster"
                        + " through its `spark-submit`: standalone, Kubernetes or YARN, see"
                        + " [The spark target](spark-target.md)).",
                "local", "emr", "spark"));
        keys.add(ConfigKey.of(PATHS_LANDING, LOCATION, "target/trading/landing",
                "Folder or `s3://` prefix holding the vendor's daily files (`.csv`, `.csv.gz`, `.zip`), listed"
                        + " recursively ([What a run lists from landing](ingest.md#what-a-run-lists-from-landing))."));
        keys.add(ConfigKey.of(PATHS_WAREHOUSE, LOCATION, "target/trading/warehouse",
                "Iceberg warehouse location (local folder or `s3://` URI). Checked with the other keys, before Spark"
                        + " starts, since the tables' folders are created under it and maintenance deletes files there"
                        + " that no table references: refused when it is a file-system root, the home folder or a folder"
                        + " holding it, a file, or an existing folder that holds anything at top level but the namespace"
                        + " folders (`bronze`, `silver`, `gold`, `ops`, or the same with `.db`), the commit lock"
                        + " `.trading-commit.lock` and macOS's `.DS_Store`; a folder that does not exist yet, an empty one"
                        + " or a warehouse of ours is accepted. Symlinks are resolved first. An `s3://` warehouse must be a"
                        + " prefix inside its bucket, not the bucket (`s3://bucket/`). Not checked: a folder inside someone"
                        + " else's data that holds only folders named like ours, and what an `s3://` prefix holds."));
        keys.add(ConfigKey.of(PATHS_REPORTS, LOCATION, "target/trading/reports",
                "Where the strategy mode and `trading:report` write their HTML reports"
                        + " (`strategy-report-<run id>.html`)."));
        keys.add(ConfigKey.of(PATHS_SETTLEMENTS, STRING, "",
                "CSV of `symbol,date,value` opening settlement values for AM-settled options, read by the strategy"
                        + " mode ([Settlement styles](strategies.md#settlement-styles)); empty: AM options settle at the last close"
                        + " before expiry, noted."));
        keys.add(ConfigKey.of(SETTLEMENT_AM_ROOTS, LIST, "SPX,NDX,RUT,VIX",
                "Option roots settled AM, at the opening settlement value of `paths.settlements`; every other root"
                        + " settles PM."));
        // compile-time constants: validating a config loads no statistics class
        keys.add(ConfigKey.atMost(STATISTICS_BOOTSTRAP_DRAWS, NON_NEGATIVE_INT,
                "" + BOOTSTRAP_DEFAULT_DRAWS, BOOTSTRAP_MAX_DRAWS,
                "Stationary bootstrap draws per simulation for the 5%-95% intervals of Sharpe, CAGR and maximum"
                        + " drawdown in `gold.strategy_summary` ([Sampling statistics](strategies.md#sampling-statistics));"
                        + " `0` turns the intervals off."));
        keys.add(ConfigKey.of(STATISTICS_BOOTSTRAP_SEED, NON_NEGATIVE_INT, "" + BOOTSTRAP_DEFAULT_SEED,
                "Seed of the bootstrap's random draws: the same daily returns and settings give the same"
                        + " intervals on any machine."));
        keys.add(ConfigKey.atMost(STATISTICS_BOOTSTRAP_MEAN_BLOCK, POSITIVE_INT,
                "" + BOOTSTRAP_DEFAULT_MEAN_BLOCK, BOOTSTRAP_MAX_MEAN_BLOCK,
                "Mean length, in trading days, of the bootstrap's blocks of consecutive returns (about two"
                        + " weeks, to keep the dependence of the days a position is held); `1` is the iid bootstrap."));
        keys.add(ConfigKey.of(INGEST_FILES_PER_BATCH, ConfigKey.Type.AUTO_OR_POSITIVE_INT, "auto",
                "Landing files per committed batch of `bootstrap` and `daily` (a rerun resumes after the last"
                        + " committed batch): `auto` is twice the job's cores (`spark.executor.instances` x"
                        + " `spark.executor.cores` when set, as on EMR; else Spark's default parallelism, the machine's"
                        + " cores locally), at least 10; or a number."));
        keys.add(ConfigKey.of(INGEST_COMPACT_AFTER_BOOTSTRAP, BOOLEAN, "true",
                "After a `bootstrap`, compact the data files it wrote, as maintenance does (bin-pack; silver in its"
                        + " sort order) but restricted to what the load wrote, and merge manifests."));
        keys.add(ConfigKey.of(INGEST_MAX_UNCOMPRESSED_SIZE, MEMORY, "16g",
                "Most bytes one landing file may hold once decompressed; a file beyond it fails as a possible"
                        + " decompression bomb (`FAILED` in the ledger, retried by the next run)."));
        keys.add(ConfigKey.listOf(MAINTENANCE_TABLES, "",
                "Tables the maintenance mode looks after, e.g. `[silver.option_eod, ops.landing_files]`; empty: all"
                        + " of them. A table that does not exist yet (gold before the first strategy run) is skipped with"
                        + " a note. `-Dtrading.maintenance.tables=...` for one run.",
                MAINTAINED_TABLES));
        keys.add(ConfigKey.of(MAINTENANCE_DRY_RUN, BOOLEAN, "false",
                "Maintenance only reports what it would do (files, snapshots, manifests, orphans) and changes"
                        + " nothing. `-Dtrading.maintenance.dry-run=true` for one run."));
        keys.add(ConfigKey.of(MAINTENANCE_EXPIRE_OLDER_THAN, DURATION, "7d",
                "Maintenance expires snapshots older than this (and deletes the files only they reference)."));
        keys.add(ConfigKey.of(MAINTENANCE_RETAIN_LAST, POSITIVE_INT, "10",
                "Snapshots every table keeps (the newest), however old."));
        keys.add(ConfigKey.of(MAINTENANCE_ORPHAN_OLDER_THAN, DURATION, "3d",
                "Maintenance removes files no snapshot references once older than this; never below `3d` (a smaller"
                        + " value is raised, with a note)."));
        keys.add(ConfigKey.of(REPORTS_WRITE_TIMEOUT, DURATION, "5m",
                "Longest the job waits for the HTML report's file to be written to `paths.reports` (an object"
                        + " store that does not answer would otherwise be retried for many minutes); past it the run"
                        + " fails naming the object, its gold tables already written (`mvn trading:report` renders"
                        + " the report again)."));
        keys.add(ConfigKey.of(CATALOG_NAME, STRING, "trading",
                "Spark catalog name of the Iceberg catalog; it is also the session's default catalog (so"
                        + " `bronze.option_eod` works in SQL)."));
        keys.add(ConfigKey.oneOf(CATALOG_TYPE, null,
                "Iceberg catalog implementation: `hadoop` (files under `paths.warehouse`), `glue`, `hive` or"
                        + " `rest`; default `hadoop` on the local target, `glue` on `emr`.",
                "hadoop", "glue", "hive", "rest"));
        keys.add(ConfigKey.of(CATALOG_URI, STRING, "",
                "Catalog endpoint of a `hive` (`thrift://...`) or `rest` (`https://...`) catalog."));
        keys.add(ConfigKey.of(TABLE_PROPERTIES, MAP, null,
                "Iceberg table properties set on every table the jobs create, and applied to existing ones when"
                        + " they differ. Defaults: " + defaultTableProperties() + ". Bronze and silver are also created"
                        + " with `parquet.enable.dictionary=false` (bronze's lines and silver's prices, greeks and"
                        + " volatilities are nearly unique per day, and trying a Parquet dictionary for each of those"
                        + " columns was most of the cost of writing them; zstd compresses the plain values) and with"
                        + " pages of up to 8 MB / 200,000 rows (`write.parquet.page-size-bytes`,"
                        + " `write.parquet.page-row-limit`; each page flush of 39 columns has a cost); an entry here"
                        + " overrides them."));
        keys.add(ConfigKey.of(SPARK_CONF, MAP, null,
                "Extra Spark settings for every job, e.g. `spark-conf.spark.sql.shuffle.partitions`; none by default."));
        keys.add(ConfigKey.of(LOCAL_MASTER, STRING, "local[*]", "Spark master of the `local` target."));
        keys.add(ConfigKey.of(SPARK_MASTER, STRING, "",
                "The cluster of the `spark` target, as spark-submit's `--master`: `spark://host:7077` (standalone),"
                        + " `k8s://https://host:443` or `yarn`; required on that target."));
        keys.add(ConfigKey.of(SPARK_HOME, STRING, "",
                "The Spark installation whose `bin/spark-submit` the `spark` target runs (a folder; relative to"
                        + " config.yaml's folder); empty: the `SPARK_HOME` environment variable."));
        keys.add(ConfigKey.of(SPARK_ARTIFACTS_URI, S3_URI, "",
                "`s3://bucket/prefix` where the `spark` target deploys the job jar, its libraries, Iceberg and the"
                        + " config, under content-hashed keys as on `emr`; required on that target. The cluster reads"
                        + " them through S3A ([The spark target](spark-target.md))."));
        keys.add(ConfigKey.of(SPARK_MASTER_WEB_UI, STRING, "",
                "The web UI of a standalone `spark.master` (e.g. `http://host:8080`), where the `spark` target reads"
                        + " the workers to check a mode's executors fit before submitting; empty: port 8080 of the"
                        + " master's host. When it cannot be read, the sizing is not checked (said in the log)."));
        for (String mode : MODES) {
            String defMem = mode.equals("strategy") || mode.equals("maintenance") || mode.equals("report") ? "4g" : "6g";
            keys.add(ConfigKey.of(sizing(mode, "driver-memory"), MEMORY, mode.equals("daily") ? "4g" : defMem,
                    "Driver memory; on the `local` target the forked JVM's heap, on `spark` the heap of spark-submit's driver."));
            keys.add(ConfigKey.of(sizing(mode, "driver-cores"), POSITIVE_INT, "2", "Driver cores (`emr`; on `spark` the driver runs in client mode, in spark-submit on the build's machine)."));
            keys.add(ConfigKey.of(sizing(mode, "executor-memory"), MEMORY, "8g", "Executor memory (`emr`, `spark`)."));
            keys.add(ConfigKey.of(sizing(mode, "executor-cores"), POSITIVE_INT, "4", "Executor cores (`emr`, `spark`)."));
            // on emr a 2 vCPU driver and 3 executors of 4 vCPU are 14 vCPU: within the 16 vCPU quota of a new
            // account (emr.max-vcpu), the driver included
            keys.add(ConfigKey.of(sizing(mode, "executor-instances"), POSITIVE_INT, mode.equals("bootstrap") ? "3" : "2",
                    "Executors (`emr`, `spark`); the initial count when dynamic allocation is on."));
            keys.add(ConfigKey.of(sizing(mode, "dynamic-allocation"), BOOLEAN, "false",
                    "Spark dynamic allocation (`emr`, `spark`)."));
            keys.add(ConfigKey.of(sizing(mode, "max-executors"), POSITIVE_INT, "3",
                    "Upper bound on executors with dynamic allocation (`emr`, `spark`); on `emr` the count the"
                            + " capacity check adds up."));
        }
        keys.add(ConfigKey.of(SAMPLE_START_DATE, DATE, "2024-01-02", "First trading day of the sample data of `trading:sample-data`."));
        keys.add(ConfigKey.of(SAMPLE_DAYS, POSITIVE_INT, "20", "Trading days of sample data (weekends skipped)."));
        keys.add(ConfigKey.of(SAMPLE_ROWS_PER_DAY, POSITIVE_INT, "20000", "Rows per generated daily file."));
        keys.add(ConfigKey.of(SAMPLE_SEED, NON_NEGATIVE_INT, "42", "Random seed: the same seed gives byte-identical files."));
        keys.add(ConfigKey.oneOf(SAMPLE_COMPRESSION, "csv", "Form of generated files: `.csv`, `.csv.gz` or `.zip`.", "csv", "gzip", "zip"));
        keys.add(ConfigKey.oneOf(SAMPLE_VARIANT, "calcs", "The vendor's Calcs layout (34 columns, greeks) or Quotes (26 columns, no greeks).",
                "calcs", "quotes"));
        keys.add(ConfigKey.of(SAMPLE_UNDERLYINGS, LIST, "^SPX,SPY,AAPL,MSFT,NVDA", "Underlyings of sample data."));
        keys.add(ConfigKey.of(AWS_REGION, STRING, "", "AWS region of the `emr` target and every AWS call; empty: the default region chain"
                        + " (`AWS_REGION`, the profile)."));
        keys.add(ConfigKey.of(AWS_PROFILE, STRING, "", "AWS profile for credentials; empty: the default credential chain. Credentials are never logged"
                        + " or stored."));
        keys.add(ConfigKey.of(AWS_ACCOUNT_ID, STRING, "",
                "AWS account id (12 digits) in the ARNs of `trading:iam-policy`; empty: the account of"
                        + " `emr.execution-role-arn`."));
        keys.add(ConfigKey.of(AWS_S3_KMS_KEY_ID, KMS_KEY, "",
                "KMS key for the plugin's S3 uploads (SSE-KMS); any other form fails when the configuration is"
                        + " loaded; empty: SSE-S3 (`AES256`). See [Encryption of uploads](emr-and-aws.md#encryption-of-uploads)."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_S3, STRING, "", "S3 endpoint override (path-style access when set): S3-compatible stores, VPC endpoints, the tests'"
                        + " S3Proxy."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_EMR_SERVERLESS, STRING, "", "EMR Serverless endpoint override."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_ECR, STRING, "", "ECR endpoint override."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_STS, STRING, "", "STS endpoint override."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_CLOUDFORMATION, STRING, "", "CloudFormation endpoint override."));
        keys.add(ConfigKey.of(AWS_ENDPOINT_LOGS, STRING, "", "CloudWatch Logs endpoint override."));
        keys.add(ConfigKey.of(AWS_CALL_TIMEOUT, DURATION, "5m",
                "Longest one AWS call of the plugin may take, its retries included (the SDK's API call timeout):"
                        + " every S3 upload (PutObject, each part of a multipart upload), S3 delete, EMR Serverless,"
                        + " ECR, STS and CloudFormation call. Past it the goal fails naming the object or the call;"
                        + " raise it when an 8 MB part or a 16 MB file takes longer on the network at hand. The"
                        + " job's own bounds are described in [Time bounds of remote writes](emr-and-aws.md#time-bounds-of-remote-writes)."));
        keys.add(ConfigKey.of(EMR_APPLICATION_ID, STRING, "", "EMR Serverless application id (or give `emr.application-name`); empty: from the `trading:setup`"
                        + " stack's outputs when there is one."));
        keys.add(ConfigKey.of(EMR_APPLICATION_NAME, STRING, "", "EMR Serverless application name, looked up when no id is given."));
        keys.add(ConfigKey.of(EMR_EXECUTION_ROLE_ARN, STRING, "", "IAM role the job runs as (required on `emr`; from the `trading:setup` stack when blank)."));
        keys.add(ConfigKey.of(EMR_ARTIFACTS_URI, S3_URI, "", "`s3://bucket/prefix` where `deploy` puts the job jar, its libraries and the config, under"
                        + " content-hashed keys (required on `emr`; from the `trading:setup` stack when blank)."));
        keys.add(ConfigKey.of(EMR_LOGS_URI, S3_URI, "", "`s3://` prefix for the job runs' logs (monitoring configuration), where a failed run's driver log"
                        + " tail is read from; from the `trading:setup` stack when blank."));
        keys.add(ConfigKey.of(EMR_CLOUDWATCH_LOG_GROUP, STRING, "",
                "CloudWatch Logs group the job runs log to (StartJobRun's monitoring configuration), from which"
                        + " `submit` and `watch` print the driver's output while a run goes; empty: no CloudWatch"
                        + " logging, and the live output comes from the driver's log under `emr.logs-uri`."));
        keys.add(ConfigKey.of(EMR_EXECUTION_TIMEOUT_MINUTES, POSITIVE_INT, "720", "Execution timeout of a job run, in minutes."));
        keys.add(ConfigKey.of(EMR_MAX_ATTEMPTS, POSITIVE_INT, "1", "Attempts of a batch job run (retry policy, 1-10)."));
        keys.add(ConfigKey.of(EMR_RECORD_COST, BOOLEAN, "true",
                "After a strategy run succeeds, `submit` and `watch` start a small `record-cost` job run (a 1-vCPU"
                        + " driver and one 1-vCPU executor) that writes the run's billed resources and cost on its rows"
                        + " of `gold.strategy_runs`; `false`: the cost is printed and kept in `last-job-run.json` only."));
        keys.add(ConfigKey.of(EMR_POLL_INTERVAL, DURATION, "10s", "How often `submit` and `watch` ask for the run's state (and the wait after the first failed ask)."));
        keys.add(ConfigKey.of(EMR_CANCEL_GRACE_PERIOD, NON_NEGATIVE_INT, "0",
                "Shutdown grace period when cancelling a run (15-1800 s; 0: the service default)."));
        keys.add(ConfigKey.of(EMR_ICEBERG_JAR, STRING, "/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar",
                "The Iceberg runtime jar that EMR provides, added to the job with `--jars`."));
        keys.add(ConfigKey.of(EMR_MAX_VCPU, POSITIVE_INT, "16",
                "The account's EMR Serverless vCPU quota (its maximum concurrent vCPUs in Service Quotas; 16 in"
                        + " many accounts). Before StartJobRun, `submit`, `maintain` and `report` add up the"
                        + " mode's workers, driver included, and fail when they ask for more than this or than the"
                        + " application's maximum capacity ([Sizing that fits](emr-and-aws.md#sizing-that-fits));"
                        + " `setup.max-vcpu` defaults to it."));
        keys.add(ConfigKey.of(EMR_ALLOW_OVERSIZED, BOOLEAN, "false",
                "Submit a run whose workers do not fit `emr.max-vcpu` or the application's maximum capacity,"
                        + " with a warning, instead of failing before StartJobRun (some executors then wait or never"
                        + " start)."));
        keys.add(ConfigKey.of(EMR_TAGS, MAP, null, "Extra tags on every job run, e.g. `emr.tags.team: quant`; none by default."));
        keys.add(ConfigKey.oneOf(EMR_PRICES_ARCHITECTURE, "application",
                "Which published price list `emr.prices.*` default to when a run's cost is printed (`submit`,"
                        + " `watch`): `application`: the application's architecture as GetApplication reports it"
                        + " (ARM64 when it cannot be read); `ARM64` or `X86_64` to say so.",
                "application", "ARM64", "X86_64"));
        keys.add(ConfigKey.of(EMR_PRICES_VCPU_HOUR, STRING, "",
                "Dollars per billed vCPU-hour for a run's cost; empty: the us-east-1 list price of the architecture"
                        + " (ARM64 0.042094, X86_64 0.052624). Set your region's or contract's price."));
        keys.add(ConfigKey.of(EMR_PRICES_MEMORY_GB_HOUR, STRING, "",
                "Dollars per billed memory GB-hour; empty: the us-east-1 list price (ARM64 0.004628, X86_64 0.0057785)."));
        keys.add(ConfigKey.of(EMR_PRICES_STORAGE_GB_HOUR, STRING, "",
                "Dollars per billed storage GB-hour (storage beyond the free 20 GB per worker); empty: the us-east-1"
                        + " list price 0.000111."));
        keys.add(ConfigKey.oneOf(EMR_USE_IMAGE, "auto",
                "Whether `deploy` and `submit` count on the application running the image of `trading:build-image`,"
                        + " whose folder `image.libraries-dir` holds the job's third-party libraries: then those"
                        + " libraries are not shipped and the folder goes on the driver and executor class path."
                        + " `auto`: when `target/trading/image.json` records an image (`build-image` writes it,"
                        + " `mvn clean` deletes it); `true`: always, the recorded image or else the one the"
                        + " application runs (GetApplication), failing before any upload when there is neither;"
                        + " `false`: never, every library ships. `deploy` and `submit` print which, and why.",
                "auto", "true", "false"));
        keys.add(ConfigKey.of(IMAGE_BASE, STRING, "public.ecr.aws/emr-serverless/spark/emr-7.11.0:latest",
                "Base image of `trading:build-image`: the EMR Serverless release image."));
        keys.add(ConfigKey.oneOf(IMAGE_PLATFORM, "linux/arm64", "Platform of the image; the EMR Serverless applications here are ARM64 (Graviton).",
                "linux/arm64", "linux/amd64"));
        keys.add(ConfigKey.of(IMAGE_REPOSITORY, STRING, "", "Repository `trading:build-image` pushes to (an ECR repository URI); from the `trading:setup`"
                        + " stack when blank."));
        keys.add(ConfigKey.of(IMAGE_TAG, STRING, "", "Image tag; empty: the project version plus a hash of the libraries."));
        keys.add(ConfigKey.of(IMAGE_ALLOW_INSECURE, BOOLEAN, "false", "Allow plain-HTTP registries, such as a local one."));
        keys.add(ConfigKey.of(IMAGE_UPDATE_APPLICATION, BOOLEAN, "true",
                "After a push, stop the EMR Serverless application, point it at the new image (by digest) and start"
                        + " it."));
        keys.add(ConfigKey.oneOf(IMAGE_STOP_POLICY, "wait",
                "Running jobs when `image.update-application` must stop the application: `wait` for them, or"
                        + " `cancel` them.", "wait", "cancel"));
        keys.add(ConfigKey.of(IMAGE_LIBRARIES_DIR, STRING, "/usr/share/trading/lib",
                "Folder in the image holding the job's libraries; submitted jobs put it on the driver and executor"
                        + " class path."));
        keys.add(ConfigKey.of(SETUP_STACK_NAME, STRING, "",
                "CloudFormation stack of `trading:setup` and `trading:teardown` (lower case, other characters as"
                        + " hyphens, starting with a letter); empty: the project's artifactId."));
        keys.add(ConfigKey.of(SETUP_BUCKET, STRING, "",
                "S3 bucket the stack creates, for the artifacts and the run logs; empty:"
                        + " `<stack-name>-<account>-<region>`."));
        keys.add(ConfigKey.of(SETUP_REPOSITORY_NAME, STRING, "",
                "ECR repository the stack creates; empty: the stack name in lower case."));
        keys.add(ConfigKey.of(SETUP_MAX_VCPU, ConfigKey.Type.AUTO_OR_POSITIVE_INT, "auto",
                "Maximum capacity of the stack's EMR Serverless application, in vCPU; `auto`: `emr.max-vcpu`, the"
                        + " account's quota. More than `emr.max-vcpu` is refused: the capacity check before each"
                        + " run counts against both."));
        keys.add(ConfigKey.of(SETUP_MAX_MEMORY, MEMORY, "128g",
                "Maximum memory of the stack's EMR Serverless application (whole gigabytes)."));
        keys.add(ConfigKey.of(SETUP_IDLE_TIMEOUT, DURATION, "15m",
                "The stack's application stops after this long without jobs (auto-stop; whole minutes, 1m to 7d)."));
        keys.add(ConfigKey.of(SETUP_LOGS_EXPIRE_AFTER, DURATION, "30d",
                "Job run logs under the stack bucket's `logs/` prefix expire after this long (whole days)."));
        keys.add(ConfigKey.of(SETUP_GLUE_DATABASES, BOOLEAN, "true",
                "The stack creates the Glue databases `bronze`, `silver`, `ops` and `gold` (with the Glue catalog);"
                        + " `false` when earlier runs created them already, since CloudFormation cannot create a database"
                        + " that exists."));
        Map<String, ConfigKey> byName = new LinkedHashMap<>();
        keys.forEach(k -> byName.put(k.name(), k));
        KEYS = Collections.unmodifiableMap(byName);
    }

    private ConfigKeys() {
    }

    /** Who reads a key: the job (in Spark, on the cluster), the plugin (in Maven, on the user's machine), or both. */
    public enum Reader {
        JOB("the job"), PLUGIN("the plugin"), BOTH("both");

        private final String words;

        Reader(String words) {
            this.words = words;
        }

        /** How the configuration reference says it. */
        public String words() {
            return words;
        }
    }

    /**
     * The keys grouped by who reads them, by prefix (the first that matches): the plugin's keys (AWS,
     * EMR Serverless, the image, the stack, the local runner, the sample data, the sizings it passes to
     * spark-submit) are never read by the job, and the job's (ingest, maintenance, settlement,
     * statistics, table properties) never by the plugin. ConfigKeyReadersTest checks this against the
     * code that reads them.
     */
    private static final List<Map.Entry<String, Reader>> READERS = List.of(
            Map.entry(PATHS_SETTLEMENTS, Reader.JOB),
            Map.entry("paths.", Reader.BOTH),
            Map.entry(TARGET, Reader.BOTH),
            Map.entry("catalog.", Reader.BOTH),
            Map.entry("spark-conf.", Reader.BOTH),
            Map.entry("table-properties.", Reader.JOB),
            Map.entry("settlement.", Reader.JOB),
            Map.entry("statistics.", Reader.JOB),
            Map.entry("ingest.", Reader.JOB),
            Map.entry("maintenance.", Reader.JOB),
            Map.entry("reports.", Reader.JOB),
            Map.entry("sizing.", Reader.PLUGIN),
            Map.entry("local.", Reader.PLUGIN),
            Map.entry("spark.", Reader.PLUGIN),
            Map.entry("sample.", Reader.PLUGIN),
            // the job's S3FileIO takes these two off EMR (CatalogSettings)
            Map.entry(AWS_REGION, Reader.BOTH),
            Map.entry(AWS_ENDPOINT_S3, Reader.BOTH),
            Map.entry("aws.", Reader.PLUGIN),
            Map.entry("emr.", Reader.PLUGIN),
            Map.entry("image.", Reader.PLUGIN),
            Map.entry("setup.", Reader.PLUGIN));

    /** Who reads the key (see {@link Reader}). */
    public static Reader readerOf(String key) {
        for (Map.Entry<String, Reader> e : READERS) {
            if (key.equals(e.getKey()) || (e.getKey().endsWith(".") && key.startsWith(e.getKey()))) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("no reader declared for key " + key + " (ConfigKeys.READERS)");
    }

    /** The default table properties as {@code name=value}, in name order. */
    private static String defaultTableProperties() {
        return String.join(", ", DEFAULT_TABLE_PROPERTIES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList());
    }

    public static String sizing(String mode, String what) {
        return "sizing." + mode + "." + what;
    }

    /** All keys in documentation order. */
    public static Map<String, ConfigKey> all() {
        return KEYS;
    }

    /** The key definition a concrete key name falls under (exact or within an open map). */
    public static Optional<ConfigKey> find(String name) {
        ConfigKey exact = KEYS.get(name);
        if (exact != null && !exact.isMap()) {
            return Optional.of(exact);
        }
        return KEYS.values().stream()
                .filter(ConfigKey::isMap)
                .filter(k -> name.startsWith(k.mapPrefix()) && name.length() > k.mapPrefix().length())
                .findFirst();
    }

    /** The known key closest to a misspelt one, for "did you mean" hints. */
    public static Optional<String> closest(String name) {
        return closest(name, KEYS.keySet());
    }

    /** The candidate closest to a misspelt word (ignoring case), when it is close enough to be meant. */
    public static Optional<String> closest(String name, java.util.Collection<String> candidates) {
        String given = name.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : candidates) {
            int d = distance(given, k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
