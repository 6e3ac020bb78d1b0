package dev.tradingpipeline.jobs.spark;

import dev.tradingpipeline.core.config.WarehouseLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.LockManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit lock of a Hadoop catalog on local disk, held across processes.
 *
 * <p>A Hadoop catalog commits a table by writing {@code v<N+1>.metadata.json} under a temporary
 * name, checking that no such version exists and renaming it into place, while it holds its
 * {@link LockManager}'s lock. Iceberg's default lock manager locks within one JVM only, and a
 * rename on a local file system replaces a file that exists: two jobs (two JVMs, as two
 * {@code mvn trading:submit} runs are) committing the same version of a table at the same moment
 * could both succeed, the second silently undoing the first's commit. This lock manager takes an
 * operating-system lock on one file of the warehouse ({@value #LOCK_FILE}, beside the namespace
 * folders, never inside a table's location where orphan removal looks) for that check and rename,
 * so the second commit finds the version taken and Iceberg refreshes and retries it.
 *
 * <p>Set as the catalog's {@code lock-impl} (with {@code warehouse}) by {@link SparkSessions} for
 * the {@code hadoop} catalog on a local warehouse. Where the warehouse is not a local folder, only
 * this JVM's commits are serialized, as with Iceberg's default.
 */
public final class WarehouseFileLock implements LockManager {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseFileLock.class);

    /** The lock file in the warehouse folder. */
    public static final String LOCK_FILE = WarehouseLocation.LOCK_FILE;
    /** Catalog property: how long to wait for the lock, in ms, before the commit fails (and is retried). */
    public static final String ACQUIRE_TIMEOUT_MS = "lock.acquire-timeout-ms";
    private static final long DEFAULT_TIMEOUT_MS = 60_000;
    private static final long POLL_MS = 5;

    /** One permit per lock file for the threads of this JVM: a JVM may hold a file lock only once. */
    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();

    private record Held(Path file, Semaphore permit, FileChannel channel, FileLock lock) {
    }

    private Path lockFile;
    private String warehouse;
    private long timeoutMs = DEFAULT_TIMEOUT_MS;

    @Override
    public void initialize(Map<String, String> properties) {
        warehouse = properties.get("warehouse");
        lockFile = localFolder(warehouse).map(p -> p.resolve(LOCK_FILE)).orElse(null);
        String timeout = properties.get(ACQUIRE_TIMEOUT_MS);
        if (timeout != null) {
            timeoutMs = Long.parseLong(timeout.trim());
        }
    }

    /** The warehouse's local folder, when it is one ({@code file:} URI or a path without a scheme). */
    static Optional<Path> localFolder(String warehouse) {
        if (warehouse == null || warehouse.isBlank()) {
            return Optional.empty();
        }
        String w = warehouse.trim();
        if (w.startsWith("file:")) {
            return Optional.of(Path.of(URI.create(w)));
        }
        if (w.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(w).toAbsolutePath());
    }

    @Override
    public boolean acquire(String entityId, String ownerId) {
        Path file = lockFile != null ? lockFile : Path.of("in-process:" + warehouse);
        Semaphore permit = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1, true));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            if (!permit.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                return timedOut(entityId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (lockFile == null) {
            HELD.put(key(entityId, ownerId), new Held(file, permit, null, null));
            return true;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    HELD.put(key(entityId, ownerId), new Held(file, permit, channel, lock));
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    channel.close();
                    permit.release();
                    return timedOut(entityId);
                }
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            permit.release();
            throw new UncheckedIOException("Cannot lock " + lockFile + " to commit " + entityId, e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            permit.release();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean timedOut(String entityId) {
        LOG.warn("Waited {} ms for the commit lock {} (another job committing to this warehouse?) to commit {}",
                timeoutMs, lockFile != null ? lockFile : "of this JVM", entityId);
        return false;
    }

    @Override
    public boolean release(String entityId, String ownerId) {
        Held held = HELD.remove(key(entityId, ownerId));
        if (held == null) {
            return false;
        }
        try {
            if (held.lock() != null) {
                held.lock().release();
            }
        } catch (IOException e) {
            LOG.warn("Cannot release the commit lock {}: {}", held.file(), e.toString());
        } finally {
            closeQuietly(held.channel());
            held.permit().release();
        }
        return true;
    }

    private static String key(String entityId, String ownerId) {
        return entityId + '\u0000' + ownerId;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing more to do
            }
        }
    }

    @Override
    public void close() {
        // locks are released by release(); the JVM's exit releases any file lock left
    }
}
