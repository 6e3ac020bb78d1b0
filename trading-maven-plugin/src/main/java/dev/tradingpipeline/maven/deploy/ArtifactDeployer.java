package dev.tradingpipeline.maven.deploy;

import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts the job jar, its libraries and the config under an S3 prefix. Each key carries the first
 * 12 hex digits of the content's SHA-256 ({@code jars/trading-jobs-0.1.0-3f2a9c0d1e4b.jar}), so a
 * deploy never overwrites what a running job reads, and a file already there is not sent again.
 */
public final class ArtifactDeployer {

    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    static final long PART_SIZE = 8L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int HASH_PREFIX = 12;

    private final S3Client s3;
    private final Consumer<String> log;
    private final long multipartThreshold;

    public ArtifactDeployer(S3Client s3, Consumer<String> log) {
        this(s3, log, DEFAULT_MULTIPART_THRESHOLD);
    }

    private ArtifactDeployer(S3Client s3, Consumer<String> log, long multipartThreshold) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.log = Objects.requireNonNull(log, "log");
        this.multipartThreshold = multipartThreshold;
    }

    /** Files larger than this go up in parts of 8 MiB (or more, for files over 80 GB). */
    public ArtifactDeployer withMultipartThreshold(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("multipart threshold must be positive: " + bytes);
        }
        return new ArtifactDeployer(s3, log, bytes);
    }

    /**
     * Deploys under {@code prefix}: {@code jars/} for the job jar and libraries, {@code config/}
     * for the config.
     *
     * @param configFileName the config's name, e.g. {@code config.yaml}; its key is built from it
     * @param configBytes    the config as the job will read it
     */
    public Deployment deploy(S3Location prefix, Path jobJar, List<Path> libraries, String configFileName,
            byte[] configBytes) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(configBytes, "configBytes");
        if (configFileName == null || configFileName.isBlank() || configFileName.contains("/")) {
            throw new IllegalArgumentException("configFileName must be a plain file name, got '" + configFileName + "'");
        }
        Instant deployedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        S3Location jars = prefix.child("jars");

        Artifact job = deployFile(jars, jobJar, "job jar");
        List<Artifact> libs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(job.uri());
        for (Path library : libraries == null ? List.<Path>of() : libraries) {
            Artifact a = deployFile(jars, library, "library");
            if (seen.add(a.uri())) {
                libs.add(a);
            }
        }
        Artifact config = deployBytes(prefix.child("config"), configFileName, configBytes);
        return new Deployment(deployedAt, job, libs, config);
    }

    private Artifact deployFile(S3Location dir, Path file, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The " + what + " " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString();
        try {
            long size = Files.size(file);
            String sha256 = sha256(file);
            S3Location target = dir.child(hashedName(name, sha256));
            if (alreadyThere(target, size)) {
                log.accept(name + " unchanged (" + target + "), not uploaded");
                return new Artifact(name, target.toString(), sha256, size, false);
            }
            long start = System.nanoTime();
            if (size > multipartThreshold) {
                uploadInParts(target, file, name, size);
            } else {
                s3.putObject(r -> r.bucket(target.bucket()).key(target.key()), RequestBody.fromFile(file));
            }
            logUploaded(name, target, size, start);
            return new Artifact(name, target.toString(), sha256, size, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Artifact deployBytes(S3Location dir, String name, byte[] content) {
        String sha256 = HexFormat.of().formatHex(digest().digest(content));
        S3Location target = dir.child(hashedName(name, sha256));
        if (alreadyThere(target, content.length)) {
            log.accept(name + " unchanged (" + target + "), not uploaded");
            return new Artifact(name, target.toString(), sha256, content.length, false);
        }
        long start = System.nanoTime();
        s3.putObject(r -> r.bucket(target.bucket()).key(target.key()), RequestBody.fromBytes(content));
        logUploaded(name, target, content.length, start);
        return new Artifact(name, target.toString(), sha256, content.length, true);
    }

    /** Same hash in the key and same length: the same content, from an earlier deploy. */
    private boolean alreadyThere(S3Location target, long size) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(target.bucket()).key(target.key()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
        if (head.contentLength() != null && head.contentLength() == size) {
            return true;
        }
        log.accept(target + " exists with " + head.contentLength() + " bytes instead of " + size + ", replacing it");
        return false;
    }

    private void uploadInParts(S3Location target, Path file, String name, long size) throws IOException {
        long partSize = Math.max(PART_SIZE, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(target.bucket()).key(target.key())).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[(int) partSize];
            try (InputStream in = Files.newInputStream(file)) {
                long sent = 0;
                while (sent < size) {
                    int length = (int) Math.min(partSize, size - sent);
                    if (in.readNBytes(buffer, 0, length) != length) {
                        throw new IOException(file + " became shorter while it was uploaded");
                    }
                    int partNumber = parts.size() + 1;
                    // a byte-array body can be resent when the SDK retries a part
                    String eTag = s3.uploadPart(r -> r.bucket(target.bucket()).key(target.key())
                                    .uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
                            RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(buffer, 0, length))).eTag();
                    parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
                    sent += length;
                    log.accept(String.format(Locale.ROOT, "uploading %s: %.1f of %.1f MB (%d%%)", name,
                            sent / 1e6, size / 1e6, sent * 100 / size));
                }
            }
            s3.completeMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            // parts of an unfinished upload are stored (and billed) until aborted
            try {
                s3.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private void logUploaded(String name, S3Location target, long size, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        log.accept(String.format(Locale.ROOT, "uploaded %s to %s (%s in %.1f s)", name, target, humanSize(size),
                seconds));
    }

    /** {@code trading-jobs-0.1.0.jar} and a hash give {@code trading-jobs-0.1.0-<12 hex>.jar}. */
    static String hashedName(String fileName, String sha256) {
        String hash = sha256.substring(0, HASH_PREFIX);
        int dot = fileName.lastIndexOf('.');
        return dot > 0
                ? fileName.substring(0, dot) + "-" + hash + fileName.substring(dot)
                : fileName + "-" + hash;
    }

    /** Decimal units, as Maven's own transfer log prints them. */
    static String humanSize(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
