package dev.tradingpipeline.maven.deploy;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.maven.aws.S3Encryption;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts the job jar, its libraries and the config under an S3 prefix. Each key carries the first
 * 12 hex digits of the content's SHA-256 ({@code jars/trading-jobs-0.1.0-3f2a9c0d1e4b.jar}), so a
 * deploy never overwrites what a running job reads, and a file already there is not sent again.
 *
 * <p>Each S3 request is tried as often as the client's retry strategy allows
 * ({@link dev.tradingpipeline.maven.aws.AwsClients#S3_MAX_ATTEMPTS}), within the client's
 * {@code aws.call-timeout} (a store that stalls fails the request then); when one still fails the
 * deploy stops with an {@link ArtifactUploadException} naming the artifact, its S3 URI and what
 * is already in place. What landed stays: the next deploy finds it and does not send it again. A
 * multipart upload that fails is aborted; when even that is impossible (the endpoint is gone),
 * the next deploy finds the unfinished upload and resumes it, sending only the parts that are
 * missing.
 *
 * <p>Every PutObject and CreateMultipartUpload asks for server-side encryption ({@link S3Encryption}:
 * SSE-S3 unless a KMS key is configured). A multipart upload keeps the encryption it was started
 * with, and S3 does not say which that was before it completes; so the encryption of each upload
 * is recorded ({@link #withUploadRecords}), and an unfinished upload is resumed only when its record
 * says it was started with the encryption asked for now. Any other (another key, SSE-S3 against
 * SSE-KMS, no record) is aborted, and the file goes up afresh.
 */
public final class ArtifactDeployer {

    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;
    static final long PART_SIZE = 8L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final int HASH_PREFIX = 12;

    private final S3Client s3;
    private final Consumer<String> log;
    private final long multipartThreshold;
    private final S3Encryption encryption;
    private final UploadRecords records;
    /** Only tell what a deploy would upload: no PutObject, no multipart upload, no abort. */
    private final boolean planOnly;

    /** A deployer whose uploads are encrypted with SSE-S3 (AES256). */
    public ArtifactDeployer(S3Client s3, Consumer<String> log) {
        this(s3, log, DEFAULT_MULTIPART_THRESHOLD, S3Encryption.sseS3(), UploadRecords.none(), false);
    }

    private ArtifactDeployer(S3Client s3, Consumer<String> log, long multipartThreshold, S3Encryption encryption,
            UploadRecords records, boolean planOnly) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.log = Objects.requireNonNull(log, "log");
        this.multipartThreshold = multipartThreshold;
        this.encryption = Objects.requireNonNull(encryption, "encryption");
        this.records = Objects.requireNonNull(records, "records");
        this.planOnly = planOnly;
    }

    /** The server-side encryption uploads ask for. */
    public ArtifactDeployer withEncryption(S3Encryption encryption) {
        return new ArtifactDeployer(s3, log, multipartThreshold, encryption, records, planOnly);
    }

    /**
     * Where the encryption of each multipart upload is recorded (e.g. {@code target/trading/uploads}),
     * so that the next deploy can resume an upload left unfinished. Without it no upload is resumed.
     */
    public ArtifactDeployer withUploadRecords(Path dir) {
        return new ArtifactDeployer(s3, log, multipartThreshold, encryption,
                new UploadRecords(Objects.requireNonNull(dir, "dir")), planOnly);
    }

    /** Files larger than this go up in parts of 8 MiB (or more, for files over 80 GB). */
    public ArtifactDeployer withMultipartThreshold(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("multipart threshold must be positive: " + bytes);
        }
        return new ArtifactDeployer(s3, log, bytes, encryption, records, planOnly);
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
        return run(prefix, jobJar, libraries, configFileName, configBytes);
    }

    /**
     * What {@link #deploy} would do, changing nothing: each artifact's key is looked up
     * (HeadObject) as a deploy looks it up, and logged as unchanged or as what would upload, with
     * its size. In the deployment returned, {@link Artifact#uploaded()} means "would be uploaded".
     */
    public Deployment plan(S3Location prefix, Path jobJar, List<Path> libraries, String configFileName,
            byte[] configBytes) {
        return new ArtifactDeployer(s3, log, multipartThreshold, encryption, records, true)
                .run(prefix, jobJar, libraries, configFileName, configBytes);
    }

    private Deployment run(S3Location prefix, Path jobJar, List<Path> libraries, String configFileName,
            byte[] configBytes) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(configBytes, "configBytes");
        if (configFileName == null || configFileName.isBlank() || configFileName.contains("/")) {
            throw new IllegalArgumentException("configFileName must be a plain file name, got '" + configFileName + "'");
        }
        Instant deployedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        S3Location jars = prefix.child("jars");
        List<String> inPlace = new ArrayList<>();

        Artifact job = deployFile(prefix, inPlace, jars, jobJar, "job jar");
        List<Artifact> libs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        seen.add(job.uri());
        for (Path library : libraries == null ? List.<Path>of() : libraries) {
            Artifact a = deployFile(prefix, inPlace, jars, library, "library");
            if (seen.add(a.uri())) {
                libs.add(a);
            }
        }
        Artifact config = deployBytes(prefix, inPlace, prefix.child("config"), configFileName, configBytes);
        return new Deployment(deployedAt, job, libs, config);
    }

    private Artifact deployFile(S3Location prefix, List<String> inPlace, S3Location dir, Path file, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The " + what + " " + file + " does not exist or is not a file");
        }
        String name = file.getFileName().toString();
        long size;
        String sha256;
        try {
            size = Files.size(file);
            sha256 = sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        S3Location target = dir.child(hashedName(name, sha256));
        boolean uploading = false;
        try {
            if (alreadyThere(target, size)) {
                log.accept(name + " unchanged (" + target + "), not uploaded");
                inPlace.add(name);
                return new Artifact(name, target.toString(), sha256, size, false);
            }
            if (planOnly) {
                log.accept("would upload " + name + " (" + humanSize(size) + ") to " + target);
                return new Artifact(name, target.toString(), sha256, size, true);
            }
            uploading = true;
            long start = System.nanoTime();
            if (size > multipartThreshold) {
                uploadInParts(target, file, name, size);
            } else {
                s3.putObject(r -> encryption.applyTo(r.bucket(target.bucket()).key(target.key())),
                        RequestBody.fromFile(file));
            }
            logUploaded(name, target, size, start);
            inPlace.add(name);
            return new Artifact(name, target.toString(), sha256, size, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (PartsFailure e) {
            throw failure(prefix, inPlace, what, name, target, true, e.sdkFailure, e.note);
        } catch (SdkException e) {
            throw failure(prefix, inPlace, what, name, target, uploading, e, "");
        }
    }

    private Artifact deployBytes(S3Location prefix, List<String> inPlace, S3Location dir, String name, byte[] content) {
        String sha256 = HexFormat.of().formatHex(digest().digest(content));
        S3Location target = dir.child(hashedName(name, sha256));
        boolean uploading = false;
        try {
            if (alreadyThere(target, content.length)) {
                log.accept(name + " unchanged (" + target + "), not uploaded");
                inPlace.add(name);
                return new Artifact(name, target.toString(), sha256, content.length, false);
            }
            if (planOnly) {
                log.accept("would upload " + name + " (" + humanSize(content.length) + ") to " + target);
                return new Artifact(name, target.toString(), sha256, content.length, true);
            }
            uploading = true;
            long start = System.nanoTime();
            s3.putObject(r -> encryption.applyTo(r.bucket(target.bucket()).key(target.key())),
                    RequestBody.fromBytes(content));
            logUploaded(name, target, content.length, start);
            inPlace.add(name);
            return new Artifact(name, target.toString(), sha256, content.length, true);
        } catch (SdkException e) {
            throw failure(prefix, inPlace, "config", name, target, uploading, e, "");
        }
    }

    /**
     * The error that ends a deploy: which artifact, where it was going, why (after how many
     * tries), what of this deploy is in S3 already and what to do.
     *
     * @param uploading false when the failure came from checking whether the artifact is there
     * @param partsNote what became of a multipart upload's parts, or empty
     */
    private static ArtifactUploadException failure(S3Location prefix, List<String> inPlace, String what, String name,
            S3Location target, boolean uploading, SdkException e, String partsNote) {
        StringBuilder m = new StringBuilder("Deploy stopped at the ").append(what).append(' ').append(name)
                .append(uploading ? ": cannot upload it to " : ": cannot check whether it is already at ")
                .append(target).append(" (").append(describe(e)).append("). ");
        if (!partsNote.isEmpty()) {
            m.append(partsNote).append(' ');
        }
        m.append(inPlace.isEmpty() ? "Nothing of this deploy is in S3 yet. "
                : "Already in S3, and not sent again by the next deploy: " + String.join(", ", inPlace) + ". ");
        m.append("Check that S3 answers (network, proxy, ").append(ConfigKeys.AWS_ENDPOINT_S3)
                .append(e instanceof ApiCallTimeoutException ? "; on a slow link raise " + ConfigKeys.AWS_CALL_TIMEOUT : "")
                .append(") and that the credentials may read and write ").append(prefix)
                .append(", then deploy again (mvn trading:deploy, or the same trading:submit).");
        return new ArtifactUploadException(name, target.toString(), m.toString(), e);
    }

    /** The service's error code and message, or the client's error; and how often it was tried. */
    static String describe(SdkException e) {
        String what;
        if (e instanceof ApiCallTimeoutException) {
            // the whole call, retries included, outlasted aws.call-timeout: the store stalls or is too slow
            String m = e.rawMessage() != null ? e.rawMessage() : e.getMessage();
            return "not done within " + ConfigKeys.AWS_CALL_TIMEOUT + ", retries included: " + m;
        }
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
            String message = a.awsErrorDetails().errorMessage();
            what = a.awsErrorDetails().errorCode() + ", HTTP " + a.statusCode()
                    + (message != null && !message.isBlank() ? ": " + message : "");
        } else if (e instanceof SdkServiceException s) {
            what = s.getClass().getSimpleName() + ", HTTP " + s.statusCode();
        } else {
            String m = e.rawMessage() != null ? e.rawMessage() : e.getMessage();
            what = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        }
        Integer tries = e.numAttempts();
        return what + (tries != null && tries > 1 ? "; gave up after " + tries + " tries" : "");
    }

    /**
     * Same hash in the key and same length: the same content, from an earlier deploy, unless S3
     * says it is stored with another encryption than the one asked for now (an object of a deploy
     * before a KMS key was configured): then it is uploaded again, encrypted as asked.
     */
    private boolean alreadyThere(S3Location target, long size) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(target.bucket()).key(target.key()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                // S3 answers a missing key with 403 to whoever may not list that key; an object the
                // caller may read answers 200, so uploading is right either way (a put that is
                // denied too fails on its own)
                log.accept("cannot tell whether " + target + " exists (HeadObject: 403 Forbidden, as S3 answers"
                        + " for a missing key without s3:ListBucket on it): " + (planOnly ? "would upload it" : "uploading it"));
                return false;
            }
            throw e;
        }
        if (head.contentLength() != null && head.contentLength() == size) {
            if (encryption.matches(head)) {
                return true;
            }
            log.accept(target + " is stored with " + describeStored(head) + ", not " + encryption
                    + (planOnly ? ": would upload it again" : ": uploading it again"));
            return false;
        }
        log.accept(target + " exists with " + head.contentLength() + " bytes instead of " + size + (planOnly ? ", would replace it" : ", replacing it"));
        return false;
    }

    private static String describeStored(HeadObjectResponse head) {
        return head.ssekmsKeyId() == null ? head.serverSideEncryptionAsString()
                : head.serverSideEncryptionAsString() + " (key " + head.ssekmsKeyId() + ")";
    }

    private void uploadInParts(S3Location target, Path file, String name, long size) throws IOException {
        long partSize = Math.max(PART_SIZE, (size + MAX_PARTS - 1) / MAX_PARTS);
        int partCount = (int) ((size + partSize - 1) / partSize);
        Optional<Unfinished> unfinished = unfinishedUpload(target, name);
        String uploadId = unfinished.isPresent() ? unfinished.get().uploadId() : startUpload(target, name);
        Map<Integer, Part> stored = unfinished.map(Unfinished::parts).orElse(Map.of());
        List<CompletedPart> parts = new ArrayList<>();
        try {
            byte[] buffer = new byte[(int) partSize];
            int reused = 0;
            long reusedBytes = 0;
            try (InputStream in = Files.newInputStream(file)) {
                long sent = 0;
                while (sent < size) {
                    int length = (int) Math.min(partSize, size - sent);
                    if (in.readNBytes(buffer, 0, length) != length) {
                        throw new IOException(file + " became shorter while it was uploaded");
                    }
                    int partNumber = parts.size() + 1;
                    sent += length;
                    Part landed = stored.get(partNumber);
                    if (landed != null && sameContent(landed, buffer, length)) {
                        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(landed.eTag()).build());
                        reused++;
                        reusedBytes += length;
                        continue;
                    }
                    // a byte-array body can be resent when the SDK retries a part
                    String eTag = s3.uploadPart(r -> r.bucket(target.bucket()).key(target.key())
                                    .uploadId(uploadId).partNumber(partNumber).contentLength((long) length),
                            RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(buffer, 0, length))).eTag();
                    parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
                    log.accept(String.format(Locale.ROOT, "uploading %s: %.1f of %.1f MB (%d%%)", name,
                            sent / 1e6, size / 1e6, sent * 100 / size));
                }
            }
            if (unfinished.isPresent()) {
                log.accept(String.format(Locale.ROOT, "%s: %d of %d parts (%.1f MB) were in S3 already, not sent again",
                        name, reused, partCount, reusedBytes / 1e6));
            }
            s3.completeMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            records.forget(target, uploadId);
        } catch (SdkException e) {
            throw new PartsFailure(e, abortAfterFailure(target, uploadId, e, parts.size(), partCount));
        } catch (IOException | RuntimeException e) {
            abortAfterFailure(target, uploadId, e, parts.size(), partCount);
            throw e;
        }
        unfinished.ifPresent(u -> u.others().forEach(other -> abortQuietly(target, other)));
    }

    /**
     * Parts of an unfinished upload are stored (and billed) until aborted, so a failed upload is
     * aborted. When that fails too, the note says what stays in S3 and that the next deploy
     * resumes it.
     */
    private String abortAfterFailure(S3Location target, String uploadId, Exception failure, int partsSent,
            int partCount) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            records.forget(target, uploadId);
            return "Its unfinished multipart upload was aborted.";
        } catch (RuntimeException abortFailed) {
            failure.addSuppressed(abortFailed);
            return "Its unfinished multipart upload (" + partsSent + " of " + partCount
                    + " parts stored) could not be aborted: the next deploy resumes it and sends only the missing"
                    + " parts (to discard it instead: aws s3api abort-multipart-upload --bucket " + target.bucket()
                    + " --key " + target.key() + " --upload-id " + uploadId + ").";
        }
    }

    private void abortQuietly(S3Location target, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            records.forget(target, uploadId);
            log.accept("aborted an older unfinished upload of " + target);
        } catch (SdkException e) {
            log.accept("cannot abort an older unfinished upload of " + target + " (" + describe(e) + ")");
        }
    }

    /** Starts an upload with the encryption asked for, and records that encryption for a resume. */
    private String startUpload(S3Location target, String name) {
        String uploadId = s3.createMultipartUpload(r -> encryption.applyTo(r.bucket(target.bucket())
                .key(target.key()))).uploadId();
        try {
            records.started(target, uploadId, encryption);
        } catch (IOException e) {
            log.accept("cannot record the encryption of the upload of " + name + " (" + e.getMessage()
                    + "): should it be left unfinished, the next deploy uploads all of it again");
        }
        return uploadId;
    }

    /** An upload of the same key that an earlier deploy left behind: its id, stored parts and any others. */
    private record Unfinished(String uploadId, Map<Integer, Part> parts, List<String> others) {
    }

    /**
     * The latest unfinished multipart upload of exactly this key that was started with the
     * encryption asked for now, with its parts; the others of the key are aborted (they would give
     * the object another encryption than the one asked for). None when S3 does not say (no
     * s3:ListBucketMultipartUploads permission, a store without the call): then the file goes up
     * afresh.
     */
    private Optional<Unfinished> unfinishedUpload(S3Location target, String name) {
        try {
            List<MultipartUpload> uploads = new ArrayList<>();
            for (MultipartUpload u : s3.listMultipartUploads(r -> r.bucket(target.bucket()).prefix(target.key()))
                    .uploads().stream().filter(u -> target.key().equals(u.key()))
                    .sorted(Comparator.comparing(MultipartUpload::initiated,
                            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed())
                    .toList()) {
                Optional<S3Encryption> startedWith = records.startedWith(target, u.uploadId());
                if (startedWith.equals(Optional.of(encryption))) {
                    uploads.add(u);
                } else {
                    abortOtherEncryption(target, name, u.uploadId(), startedWith);
                }
            }
            if (uploads.isEmpty()) {
                return Optional.empty();
            }
            String uploadId = uploads.get(0).uploadId();
            Map<Integer, Part> parts = new HashMap<>();
            s3.listPartsPaginator(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId)).parts()
                    .forEach(p -> parts.put(p.partNumber(), p));
            log.accept("resuming the unfinished upload of " + name + " to " + target + " (" + parts.size()
                    + (parts.size() == 1 ? " part" : " parts") + " stored)");
            return Optional.of(new Unfinished(uploadId, parts,
                    uploads.stream().skip(1).map(MultipartUpload::uploadId).toList()));
        } catch (S3Exception e) {
            log.accept("cannot look for an unfinished upload of " + name + " (" + describe(e) + "); uploading all of it");
            return Optional.empty();
        }
    }

    /** An unfinished upload that would not give the object the encryption asked for now. */
    private void abortOtherEncryption(S3Location target, String name, String uploadId,
            Optional<S3Encryption> startedWith) {
        String why = "the unfinished upload of " + name + " to " + target + startedWith
                .map(e -> " was started with " + e)
                .orElse(" has no record of the encryption it was started with (S3 does not say before it completes)")
                + ", and " + encryption + " is asked for now";
        try {
            s3.abortMultipartUpload(r -> r.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            records.forget(target, uploadId);
            log.accept(why + ": aborted it, uploading " + name + " afresh");
        } catch (SdkException e) {
            log.accept(why + ": not resumed, uploading " + name + " afresh; cannot abort it (" + describe(e)
                    + "): it stays until an abort or the bucket's lifecycle rule removes it");
        }
    }

    /**
     * A stored part can stand for ours when it has our length and its ETag is the MD5 of our
     * bytes (true of parts stored without KMS encryption; any other part is sent again).
     */
    private static boolean sameContent(Part stored, byte[] buffer, int length) {
        if (stored.size() == null || stored.size() != length || stored.eTag() == null) {
            return false;
        }
        String eTag = stored.eTag().replace("\"", "").toLowerCase(Locale.ROOT);
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
        md5.update(buffer, 0, length);
        return HexFormat.of().formatHex(md5.digest()).equals(eTag);
    }

    /** A multipart upload that failed, and what became of its parts. */
    private static final class PartsFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SdkException sdkFailure;
        final String note;

        PartsFailure(SdkException sdkFailure, String note) {
            super(sdkFailure.getMessage(), sdkFailure, false, false);
            this.sdkFailure = sdkFailure;
            this.note = note;
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
    public static String humanSize(long bytes) {
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
