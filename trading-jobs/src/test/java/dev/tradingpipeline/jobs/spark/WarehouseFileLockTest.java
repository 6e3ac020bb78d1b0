package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.TradingConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7: the local target's Hadoop catalog, with two jobs (two JVMs) committing to one
 * warehouse. Its check that a metadata version is free and the rename that takes it must not
 * interleave with another process's, or a commit could replace another's version: the catalog
 * that {@link SparkSessions} configures holds {@link WarehouseFileLock}, an operating-system lock
 * on a file of the warehouse, across both.
 */
class WarehouseFileLockTest {

    private static final TableIdentifier TABLE = TableIdentifier.of(Namespace.of("ops"), "commits");

    @TempDir
    Path warehouse;

    /** The catalog settings of the local target put a commit on hold while another process holds the lock. */
    @Test
    void aCatalogCommitWaitsWhileAnotherProcessHoldsTheWarehouseLock() throws Exception {
        TradingConfig config = TradingConfig.defaults(warehouse,
                Map.of("catalog.name", "wh", "paths.warehouse", warehouse.toString()), "test ");
        Map<String, String> props = new HashMap<>();
        CatalogSettings.catalogSettings(config).forEach((k, v) -> {
            if (k.startsWith("spark.sql.catalog.wh.")) {
                props.put(k.substring("spark.sql.catalog.wh.".length()), v);
            }
        });
        assertThat(props).containsEntry("type", "hadoop")
                .containsEntry("lock-impl", WarehouseFileLock.class.getName());
        HadoopCatalog catalog = new HadoopCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize("wh", props);
        catalog.createNamespace(TABLE.namespace());
        Table table = catalog.createTable(TABLE, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
                PartitionSpec.unpartitioned());

        Process holder = child(Holder.class, warehouse.toString());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("held");
            Future<?> append = pool.submit(() -> table.newAppend().appendFile(DataFiles
                    .builder(PartitionSpec.unpartitioned()).withPath(warehouse + "/ops/commits/data/x.parquet")
                    .withFileSizeInBytes(100).withRecordCount(1).build()).commit());
            Thread.sleep(700);
            assertThat(append.isDone()).as("committed while another process held the lock").isFalse();
            in.write("release\n");
            in.flush();
            assertThat(out.readLine()).isEqualTo("released");
            append.get(30, TimeUnit.SECONDS);
        } finally {
            holder.destroyForcibly();
            pool.shutdownNow();
        }
        assertThat(catalog.loadTable(TABLE).currentSnapshot().summary()).containsEntry("total-records", "1");
    }

    @Test
    void aLockHeldByAnotherProcessIsWaitedForUntilTheTimeout() throws Exception {
        Process holder = child(Holder.class, warehouse.toString());
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(out.readLine()).isEqualTo("held");

            WarehouseFileLock lock = lock(300);
            long start = System.nanoTime();
            assertThat(lock.acquire("v2.metadata.json", "us")).as("acquired while another process holds it")
                    .isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThat(warehouse.resolve(WarehouseFileLock.LOCK_FILE)).exists();

            in.write("release\n");
            in.flush();
            assertThat(out.readLine()).isEqualTo("released");
            WarehouseFileLock patient = lock(60_000);
            assertThat(patient.acquire("v2.metadata.json", "us")).isTrue();
            assertThat(patient.release("v2.metadata.json", "us")).isTrue();
            assertThat(patient.release("v2.metadata.json", "us")).as("released twice").isFalse();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void threadsOfOneProcessTakeTurns() throws Exception {
        WarehouseFileLock first = lock(60_000);
        WarehouseFileLock second = lock(60_000);
        assertThat(first.acquire("v1", "t1")).isTrue();
        CountDownLatch acquired = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> other = pool.submit(() -> {
                boolean ok = second.acquire("v1", "t2");
                acquired.countDown();
                return ok;
            });
            assertThat(acquired.await(300, TimeUnit.MILLISECONDS)).as("second thread got the lock while held")
                    .isFalse();
            assertThat(first.release("v1", "t1")).isTrue();
            assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.release("v1", "t2")).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCatalogSettingsNameThisClass() {
        assertThat(CatalogSettings.WAREHOUSE_FILE_LOCK).isEqualTo(WarehouseFileLock.class.getName());
    }

    @Test
    void onlyLocalWarehousesGetALockFile() {
        assertThat(WarehouseFileLock.localFolder("file:/data/wh")).contains(Path.of("/data/wh"));
        assertThat(WarehouseFileLock.localFolder("file:///data/wh")).contains(Path.of("/data/wh"));
        assertThat(WarehouseFileLock.localFolder("/data/wh")).contains(Path.of("/data/wh"));
        assertThat(WarehouseFileLock.localFolder("s3://bucket/wh")).isEmpty();
        assertThat(WarehouseFileLock.localFolder("s3a://bucket/wh")).isEmpty();
        assertThat(WarehouseFileLock.localFolder(null)).isEmpty();
    }

    private WarehouseFileLock lock(long timeoutMs) {
        WarehouseFileLock lock = new WarehouseFileLock();
        lock.initialize(Map.of("warehouse", warehouse.toString(), WarehouseFileLock.ACQUIRE_TIMEOUT_MS,
                String.valueOf(timeoutMs)));
        return lock;
    }

    private static Process child(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** A child process: takes the warehouse's lock, says "held", and releases it when told. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            WarehouseFileLock lock = new WarehouseFileLock();
            lock.initialize(Map.of("warehouse", args[0]));
            if (!lock.acquire("v2.metadata.json", "holder")) {
                System.out.println("not acquired");
                return;
            }
            System.out.println("held");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            lock.release("v2.metadata.json", "holder");
            System.out.println("released");
            System.out.flush();
        }
    }
}
