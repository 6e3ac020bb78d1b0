package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system the job's sessions use for {@code file:} gives files and folders the
 * permissions Hadoop's own gives them, with its checksums, and is what the session's Hadoop
 * configuration names.
 */
class ForklessLocalFileSystemTest {

    @TempDir
    java.nio.file.Path dir;

    private static FileSystem fileSystem(Class<? extends FileSystem> impl, String umask) throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", impl.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        conf.set("fs.permissions.umask-mode", umask);
        return FileSystem.get(java.net.URI.create("file:///"), conf);
    }

    @Test
    void filesAndFoldersGetThePermissionsHadoopsOwnFileSystemGivesThem() throws Exception {
        for (String umask : new String[] {"022", "027", "077"}) {
            FileSystem ours = fileSystem(ForklessLocalFileSystem.class, umask);
            FileSystem hadoops = fileSystem(LocalFileSystem.class, umask);
            assertThat(ours).isInstanceOf(ForklessLocalFileSystem.class);
            assertThat(hadoops.getClass()).isEqualTo(LocalFileSystem.class);
            for (FileSystem fs : new FileSystem[] {ours, hadoops}) {
                String name = fs.getClass().getSimpleName() + "-" + umask;
                try (OutputStream out = fs.create(new Path(dir.resolve(name + ".txt").toUri()))) {
                    out.write("x".getBytes(StandardCharsets.UTF_8));
                }
                // an explicit permission, as a writer gives one: the umask applies to it
                fs.mkdirs(new Path(dir.resolve(name + "-folder").toUri()), new FsPermission((short) 0775));
                fs.setPermission(new Path(dir.resolve(name + ".txt").toUri()), new FsPermission((short) 0640));
            }
            for (String suffix : new String[] {".txt", "-folder", ".txt"}) {
                String oursName = "ForklessLocalFileSystem-" + umask + suffix;
                String hadoopsName = "LocalFileSystem-" + umask + suffix;
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(oursName))))
                        .as(oursName).isEqualTo(PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(dir.resolve(hadoopsName))));
            }
            // the checksum beside the file, as Hadoop's local file system writes it
            assertThat(dir.resolve(".ForklessLocalFileSystem-" + umask + ".txt.crc")).exists();
        }
        // the explicit 0640 after the umask-free setPermission: rw-r-----
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ForklessLocalFileSystem-022.txt")))).isEqualTo("rw-r-----");
        // a folder made with 0775 under umask 027: rwxr-x---
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ForklessLocalFileSystem-027-folder")))).isEqualTo("rwxr-x---");
    }

    @Test
    void permissionBitsMapOneToOne() {
        assertThat(PosixFilePermissions.toString(ForklessLocalFileSystem.posix(new FsPermission((short) 0754))))
                .isEqualTo("rwxr-xr--");
        assertThat(PosixFilePermissions.toString(ForklessLocalFileSystem.posix(new FsPermission((short) 0))))
                .isEqualTo("---------");
        assertThat(PosixFilePermissions.toString(ForklessLocalFileSystem.posix(new FsPermission((short) 0777))))
                .isEqualTo("rwxrwxrwx");
    }

    @Test
    void aFileSystemGivenToTheJobStays() {
        assertThat(SparkSessions.localFileSystem(new org.apache.spark.SparkConf(false)))
                .containsExactly(java.util.Map.entry("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName()));
        assertThat(SparkSessions.localFileSystem(new org.apache.spark.SparkConf(false)
                .set("spark.hadoop.fs.file.impl", LocalFileSystem.class.getName()))).isEmpty();
    }

    @Test
    void theJobsSessionsUseItForLocalFiles() throws Exception {
        Configuration conf = SparkTestSession.get().sparkContext().hadoopConfiguration();
        assertThat(conf.get("fs.file.impl")).isEqualTo(ForklessLocalFileSystem.class.getName());
        // code that asks Hadoop for "the local file system" still gets one
        assertThat(FileSystem.getLocal(conf)).isInstanceOf(ForklessLocalFileSystem.class);
    }
}
