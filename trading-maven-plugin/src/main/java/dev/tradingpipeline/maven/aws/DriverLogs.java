package dev.tradingpipeline.maven.aws;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The Spark driver's stdout and stderr of an EMR Serverless job run, as the service writes them
 * under the run's monitoring {@code logUri}: gzipped, refreshed about every 15 seconds.
 */
public final class DriverLogs {

    private DriverLogs() {
    }

    /**
     * The last {@code maxLines} lines of a driver log, read as a stream (only those lines are
     * kept). Empty when the object does not exist (yet): the driver has not started, or the run
     * has no S3 logs.
     *
     * @param attempt the run's attempt; 1 (or less) is the first, whose logs have no attempt folder
     * @param stream  {@code stdout} or {@code stderr}
     */
    public static Optional<List<String>> tail(S3Client s3, S3Location logsRoot, String applicationId, String jobRunId,
            int attempt, String stream, int maxLines) {
        S3Location object = location(logsRoot, applicationId, jobRunId, attempt, stream);
        if (maxLines < 0) {
            throw new IllegalArgumentException("maxLines must not be negative: " + maxLines);
        }
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(r -> r.bucket(object.bucket()).key(object.key()))) {
            return Optional.of(lastLines(in, maxLines));
        } catch (NoSuchBucketException e) {
            throw e;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read driver log " + object + ": " + e.getMessage(), e);
        }
    }

    private static List<String> lastLines(InputStream gzipped, int maxLines) throws IOException {
        Deque<String> last = new ArrayDeque<>(Math.min(maxLines, 1024) + 1);
        try {
            BufferedReader lines = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(gzipped, 64 * 1024), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (maxLines == 0) {
                    continue;
                }
                if (last.size() == maxLines) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        } catch (EOFException truncated) {
            // an empty object, or one caught mid-write: what was read is still the log
        }
        return new ArrayList<>(last);
    }

    /**
     * Where a driver log lives: {@code <root>/applications/<app>/jobs/<run>/SPARK_DRIVER/<stream>.gz},
     * with {@code attempts/<n>/} before {@code SPARK_DRIVER} for attempts after the first.
     */
    public static S3Location location(S3Location logsRoot, String applicationId, String jobRunId, int attempt,
            String stream) {
        Objects.requireNonNull(logsRoot, "logsRoot");
        requireText(applicationId, "applicationId");
        requireText(jobRunId, "jobRunId");
        if (!"stdout".equals(stream) && !"stderr".equals(stream)) {
            throw new IllegalArgumentException("stream must be stdout or stderr, got '" + stream + "'");
        }
        S3Location run = logsRoot.child("applications", applicationId, "jobs", jobRunId);
        if (attempt > 1) {
            run = run.child("attempts", String.valueOf(attempt));
        }
        return run.child("SPARK_DRIVER", stream + ".gz");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
