package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.testing.TestProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
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

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Child holder = child(Holder.class, warehouse.toString())) {
            assertThat(holder.nextLine()).isEqualTo("held");
            Future<?> append = pool.submit(() -> table.newAppend().appendFile(DataFiles
                    .builder(PartitionSpec.unpartitioned()).withPath(warehouse + "/ops/commits/data/x.parquet")
                    .withFileSizeInBytes(100).withRecordCount(1).build()).commit());
            Thread.sleep(700);
            assertThat(append.isDone()).as("committed while another process held the lock").isFalse();
            holder.tell("release");
            assertThat(holder.nextLine()).isEqualTo("released");
            append.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalog.loadTable(TABLE).currentSnapshot().summary()).containsEntry("total-records", "1");
    }

    @Test
    void aLockHeldByAnotherProcessIsWaitedForUntilTheTimeout() throws Exception {
        try (Child holder = child(Holder.class, warehouse.toString())) {
            assertThat(holder.nextLine()).isEqualTo("held");

            WarehouseFileLock lock = lock(300);
            long start = System.nanoTime();
            assertThat(lock.acquire("v2.metadata.json", "us")).as("acquired while another process holds it")
                    .isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThat(warehouse.resolve(WarehouseFileLock.LOCK_FILE)).exists();

            holder.tell("release");
            assertThat(holder.nextLine()).isEqualTo("released");
            WarehouseFileLock patient = lock(60_000);
            assertThat(patient.acquire("v2.metadata.json", "us")).isTrue();
            assertThat(patient.release("v2.metadata.json", "us")).isTrue();
            assertThat(patient.release("v2.metadata.json", "us")).as("released twice").isFalse();
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

    private static Child child(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        return new Child(TestProcess.java(main.getSimpleName(), command).onLine(l -> lines.add(l.text())).start(),
                lines);
    }

    /** A child JVM that says what it does one line at a time and is told what to do on its stdin. */
    private record Child(TestProcess process, BlockingQueue<String> lines) implements AutoCloseable {

        /** Its next line of output; fails when none comes within a minute. */
        String nextLine() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("a line from %s within 60 s; its output:%n%s", process.name(), process.output())
                    .isNotNull();
            return line;
        }

        void tell(String line) throws IOException {
            process.stdin().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.stdin().flush();
        }

        @Override
        public void close() throws InterruptedException {
            process.kill();
        }
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
