package dev.tradingpipeline.maven.deploy;

import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The encryption each multipart upload of a deploy was started with, one small file per upload in
 * a folder the plugin owns ({@code target/trading/uploads}). S3 does not say it before the upload
 * completes (ListMultipartUploads and ListParts carry no encryption), and a resumed upload keeps
 * the encryption it was started with: without the record, an upload cannot be resumed safely.
 * A folder that is a symbolic link is neither read nor written.
 */
final class UploadRecords {

    private static final String URI = "uri";
    private static final String UPLOAD_ID = "upload-id";
    private static final String KMS_KEY_ID = "kms-key-id";

    /** Null: nothing is recorded, no upload is known. */
    private final Path dir;

    UploadRecords(Path dir) {
        this.dir = dir;
    }

    static UploadRecords none() {
        return new UploadRecords(null);
    }

    /** Records that the upload was started with this encryption. */
    void started(S3Location target, String uploadId, S3Encryption encryption) throws IOException {
        if (dir == null) {
            return;
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link: the upload's encryption is not recorded there");
        }
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty(URI, target.toString());
        p.setProperty(UPLOAD_ID, uploadId);
        encryption.kmsKeyId().ifPresent(k -> p.setProperty(KMS_KEY_ID, k));
        try (Writer w = Files.newBufferedWriter(file(target, uploadId), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            p.store(w, "trading:deploy: the encryption this multipart upload was started with");
        }
    }

    /** The encryption the upload was started with; empty when no record of it is here (or it is unreadable). */
    Optional<S3Encryption> startedWith(S3Location target, String uploadId) {
        if (dir == null || Files.isSymbolicLink(dir)) {
            return Optional.empty();
        }
        Path file = file(target, uploadId);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!target.toString().equals(p.getProperty(URI)) || !uploadId.equals(p.getProperty(UPLOAD_ID))) {
            return Optional.empty();
        }
        String key = p.getProperty(KMS_KEY_ID);
        try {
            return Optional.of(key == null ? S3Encryption.sseS3() : S3Encryption.kms(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The upload completed or was aborted: its record goes. */
    void forget(S3Location target, String uploadId) {
        if (dir == null || Files.isSymbolicLink(dir)) {
            return;
        }
        try {
            Files.deleteIfExists(file(target, uploadId));
        } catch (IOException e) {
            // a stale record only names an upload that no longer exists: never matched again
        }
    }

    /** Upload ids are long and opaque: the file is named by a hash of the key and the id. */
    private Path file(S3Location target, String uploadId) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] hash = sha256.digest((target + "\n" + uploadId).getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".properties");
    }
}
