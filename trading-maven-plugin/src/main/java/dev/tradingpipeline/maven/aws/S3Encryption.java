package dev.tradingpipeline.maven.aws;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKey;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The server-side encryption every object the plugin writes to S3 asks for: SSE-S3 (AES256) unless
 * {@code aws.s3.kms-key-id} names a KMS key, then SSE-KMS with that key. Asked for explicitly on
 * each PutObject and CreateMultipartUpload, so that an upload is encrypted whatever the bucket's
 * default, and a bucket policy that denies unencrypted puts lets it through.
 *
 * @param kmsKeyId the KMS key (id, key ARN, alias or alias ARN); empty for SSE-S3
 */
public record S3Encryption(Optional<String> kmsKeyId) {

    public S3Encryption {
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        kmsKeyId.ifPresent(k -> {
            if (!ConfigKey.isKmsKey(k)) {
                throw new IllegalArgumentException("not a KMS key id, key ARN, alias or alias ARN: '" + k + "'");
            }
        });
    }

    /** SSE-S3: keys managed by S3, algorithm AES256. */
    public static S3Encryption sseS3() {
        return new S3Encryption(Optional.empty());
    }

    /** SSE-KMS with the given key. */
    public static S3Encryption kms(String keyId) {
        return new S3Encryption(Optional.of(Objects.requireNonNull(keyId, "keyId").trim()));
    }

    /**
     * From {@code aws.s3.kms-key-id}: empty means SSE-S3. The configuration checked the key's form
     * when it was loaded; this checks again for configurations built by hand.
     *
     * @throws ConfigException naming the key, when its value is not a KMS key
     */
    public static S3Encryption from(TradingConfig config) {
        String key = config.get(ConfigKeys.AWS_S3_KMS_KEY_ID);
        if (key == null || key.isBlank()) {
            return sseS3();
        }
        if (!ConfigKey.isKmsKey(key)) {
            throw new ConfigException(config.source() + ": key '" + ConfigKeys.AWS_S3_KMS_KEY_ID
                    + "': expected a KMS key id, key ARN, alias (alias/<name>) or alias ARN, got '" + key + "'");
        }
        return kms(key);
    }

    public ServerSideEncryption algorithm() {
        return kmsKeyId.isPresent() ? ServerSideEncryption.AWS_KMS : ServerSideEncryption.AES256;
    }

    public PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request) {
        request.serverSideEncryption(algorithm());
        kmsKeyId.ifPresent(request::ssekmsKeyId);
        return request;
    }

    public CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder request) {
        request.serverSideEncryption(algorithm());
        kmsKeyId.ifPresent(request::ssekmsKeyId);
        return request;
    }

    /**
     * Whether an existing object is stored as this encryption asks. An object whose HeadObject
     * does not say (S3-compatible stores that do not report encryption) counts as matching: there
     * is nothing to compare. A KMS key given as an alias cannot be compared with the key ARN S3
     * reports, so any SSE-KMS object matches it.
     */
    public boolean matches(HeadObjectResponse head) {
        ServerSideEncryption stored = head.serverSideEncryption();
        if (stored == null) {
            return true;
        }
        if (stored != algorithm()) {
            return false;
        }
        if (kmsKeyId.isEmpty() || head.ssekmsKeyId() == null) {
            return true;
        }
        String wanted = kmsKeyId.get();
        String storedKey = head.ssekmsKeyId();
        if (wanted.startsWith("alias/") || wanted.contains(":alias/")) {
            return true;
        }
        return wanted.startsWith("arn:") ? storedKey.equals(wanted) : storedKey.endsWith(":key/" + wanted)
                || storedKey.equals(wanted);
    }

    /** For the log: {@code SSE-S3 (AES256)} or {@code SSE-KMS (key alias/trading)}; a key id is not a secret. */
    @Override
    public String toString() {
        return kmsKeyId.map(k -> "SSE-KMS (key " + k + ")").orElse("SSE-S3 (AES256)");
    }
}
