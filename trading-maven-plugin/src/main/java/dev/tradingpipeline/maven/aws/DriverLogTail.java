package dev.tradingpipeline.maven.aws;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The driver's stdout of a job run while it runs, new lines only: from its CloudWatch Logs stream
 * when the run logs there (each poll reads on from the last forward token), else from its
 * {@code stdout.gz} under the monitoring {@code logUri}, which EMR Serverless uploads again every
 * few seconds with more lines (read again when its ETag or size changed; the lines already printed
 * are counted and skipped). Fed after each poll of the watch with the run's state and attempt;
 * reads while the run is RUNNING, and once more when it ends after running. A failed read is a
 * warning, never the end of the watch.
 */
public final class DriverLogTail {

    public static final String NO_SOURCE = "No live output: set " + ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP + " or "
            + ConfigKeys.EMR_LOGS_URI;

    /** Pages of GetLogEvents read in one poll at most; the rest waits for the next poll. */
    static final int MAX_PAGES_PER_POLL = 20;

    /** Where the lines come from. */
    private interface Source {
        /** Starts over on the stream or object of this attempt. */
        void attempt(int attempt);

        /** The lines added since the last read; with {@code ended}, also a last line without a newline. */
        List<String> read(boolean ended);

        /** Where, for the log. */
        String where();
    }

    private final Source source;
    private final Consumer<String> lines;
    private final Consumer<String> log;
    private int attempt;
    private boolean announced;
    private boolean seenRunning;
    private boolean finished;
    private boolean stopped;
    private boolean failing;
    private int printed;

    private DriverLogTail(Source source, Consumer<String> lines, Consumer<String> log) {
        this.source = source;
        this.lines = Objects.requireNonNull(lines);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * The stream {@code /applications/<app>/jobs/<run>/SPARK_DRIVER/stdout} (attempts after the first:
     * {@code .../jobs/<run>/attempts/<n>/SPARK_DRIVER/stdout}) of the log group, as EMR Serverless
     * names it when StartJobRun gives no stream name prefix.
     *
     * @param lines gets each line of the driver's output
     * @param log   gets the tail's own notes and warnings
     */
    public static DriverLogTail cloudWatch(CloudWatchLogsClient client, String logGroup, String applicationId,
            String jobRunId, Consumer<String> lines, Consumer<String> log) {
        return new DriverLogTail(new CloudWatchSource(client, logGroup, applicationId, jobRunId, log), lines, log);
    }

    /** The driver's {@code stdout.gz} under the logs root (see {@link DriverLogs#location}). */
    public static DriverLogTail s3(S3Client client, S3Location logsRoot, String applicationId, String jobRunId,
            Consumer<String> lines, Consumer<String> log) {
        return new DriverLogTail(new S3Source(client, logsRoot, applicationId, jobRunId), lines, log);
    }

    /** No source: says so once, when the run starts running. */
    public static DriverLogTail none(Consumer<String> log) {
        return new DriverLogTail(null, line -> { }, log);
    }

    /** The CloudWatch Logs stream of the driver's stdout for an attempt of a run. */
    public static String streamName(String applicationId, String jobRunId, int attempt) {
        return "/applications/" + applicationId + "/jobs/" + jobRunId
                + (attempt > 1 ? "/attempts/" + attempt : "") + "/SPARK_DRIVER/stdout";
    }

    /**
     * After a poll: prints the lines added since the last one while the run is RUNNING, and once
     * more when it has ended after running. Never throws.
     */
    public void polled(JobRunState state, int attempt) {
        if (state == null || stopped || finished) {
            return;
        }
        boolean running = state == JobRunState.RUNNING;
        boolean ended = state == JobRunState.SUCCESS || state == JobRunState.FAILED
                || state == JobRunState.CANCELLED;
        if (!running && !(ended && seenRunning)) {
            return;
        }
        if (source == null) {
            if (!announced) {
                log.accept(NO_SOURCE);
                announced = true;
            }
            finished = ended;
            return;
        }
        int a = Math.max(1, attempt);
        if (a != this.attempt) {
            this.attempt = a;
            source.attempt(a);
            announced = false;
            printed = 0;
        }
        if (!announced) {
            log.accept("Driver output from " + source.where() + ":");
            announced = true;
        }
        seenRunning = true;
        try {
            List<String> added = source.read(ended);
            failing = false;
            added.forEach(lines);
            printed += added.size();
        } catch (RuntimeException e) {
            if (isInterruption(e)) {
                // the watch is being stopped: it says so itself
                Thread.currentThread().interrupt();
                stopped = true;
                return;
            }
            if (isAccessDenied(e)) {
                log.accept("[warning] No live output: reading " + source.where() + " was refused ("
                        + describe(e) + "); the run goes on, this watch shows its state only");
                stopped = true;
                return;
            }
            if (!failing) {
                log.accept("[warning] Cannot read the driver's output from " + source.where() + " (" + describe(e)
                        + "); trying again at the next poll");
                failing = true;
            }
        }
        if (ended) {
            finished = true;
            if (printed == 0 && !failing) {
                log.accept("(no driver output in " + source.where() + ")");
            }
        }
    }

    private static boolean isInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof software.amazon.awssdk.core.exception.AbortedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private static boolean isAccessDenied(Throwable e) {
        return e instanceof SdkServiceException s && (s.statusCode() == 403 || s.statusCode() == 401
                || (s instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                        && a.awsErrorDetails() != null
                        && "AccessDeniedException".equals(a.awsErrorDetails().errorCode())));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** GetLogEvents from the head, then on from each page's forward token. */
    private static final class CloudWatchSource implements Source {
        private final CloudWatchLogsClient client;
        private final String group;
        private final String applicationId;
        private final String jobRunId;
        private String stream;
        private String token;
        private boolean groupMissingSaid;
        private final Consumer<String> log;

        CloudWatchSource(CloudWatchLogsClient client, String group, String applicationId, String jobRunId,
                Consumer<String> log) {
            this.client = Objects.requireNonNull(client);
            this.log = Objects.requireNonNull(log);
            this.group = Objects.requireNonNull(group);
            this.applicationId = applicationId;
            this.jobRunId = jobRunId;
            this.stream = streamName(applicationId, jobRunId, 1);
        }

        @Override
        public void attempt(int attempt) {
            stream = streamName(applicationId, jobRunId, attempt);
            token = null;
        }

        @Override
        public List<String> read(boolean ended) {
            List<String> out = new ArrayList<>();
            for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
                String sent = token;
                GetLogEventsResponse r;
                try {
                    r = client.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)
                            .nextToken(sent));
                } catch (ResourceNotFoundException notYet) {
                    // the driver has not written yet: the stream is made with its first line; a
                    // missing group is worth a word, once
                    String m = notYet.getMessage() == null ? "" : notYet.getMessage();
                    if (m.contains("log group") && !groupMissingSaid) {
                        log.accept("[warning] CloudWatch Logs group " + group + " does not exist (yet): the run's"
                                + " driver output goes there only once it does (" + ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP + ")");
                        groupMissingSaid = true;
                    }
                    return out;
                }
                for (OutputLogEvent e : r.events()) {
                    splitLines(e.message(), out);
                }
                String next = r.nextForwardToken();
                if (next != null) {
                    token = next;
                }
                // the same token back: nothing more for now
                if (next == null || next.equals(sent) || r.events().isEmpty()) {
                    break;
                }
            }
            return out;
        }

        private static void splitLines(String message, List<String> out) {
            if (message == null) {
                return;
            }
            String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
            for (String line : m.split("\n", -1)) {
                out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        }

        @Override
        public String where() {
            return "CloudWatch Logs group " + group + ", stream " + stream;
        }
    }

    /** The gzipped object, read again whenever its ETag or size changed; the lines printed are skipped. */
    private static final class S3Source implements Source {
        private final S3Client client;
        private final S3Location root;
        private final String applicationId;
        private final String jobRunId;
        private S3Location object;
        private String version;
        private int lines;
        private boolean partialPrinted;

        S3Source(S3Client client, S3Location root, String applicationId, String jobRunId) {
            this.client = Objects.requireNonNull(client);
            this.root = Objects.requireNonNull(root);
            this.applicationId = applicationId;
            this.jobRunId = jobRunId;
            this.object = DriverLogs.location(root, applicationId, jobRunId, 1, "stdout");
        }

        @Override
        public void attempt(int attempt) {
            object = DriverLogs.location(root, applicationId, jobRunId, attempt, "stdout");
            version = null;
            lines = 0;
            partialPrinted = false;
        }

        @Override
        public List<String> read(boolean ended) {
            Optional<HeadObjectResponse> head = head();
            if (head.isEmpty()) {
                return List.of();
            }
            String seen = head.get().eTag() + "/" + head.get().contentLength();
            if (seen.equals(version) && !ended) {
                return List.of();
            }
            List<String> all;
            try (ResponseInputStream<GetObjectResponse> in =
                    client.getObject(r -> r.bucket(object.bucket()).key(object.key()))) {
                all = readLines(in, ended);
            } catch (NoSuchKeyException gone) {
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + object + ": " + e.getMessage(), e);
            }
            version = seen;
            if (all.size() <= lines) {
                // rewritten shorter (a new upload caught early): wait for it to grow past what was printed
                return List.of();
            }
            List<String> added = new ArrayList<>(all.subList(lines, all.size()));
            lines = all.size();
            return added;
        }

        private Optional<HeadObjectResponse> head() {
            try {
                return Optional.of(client.headObject(r -> r.bucket(object.bucket()).key(object.key())));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (SdkServiceException e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        /**
         * The complete lines of a gzipped log: a last line without its newline is left for a later
         * upload (the driver may be half-way through it), unless the run has ended.
         */
        private List<String> readLines(InputStream gzipped, boolean ended) throws IOException {
            List<String> out = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            try (Reader r = new InputStreamReader(new GZIPInputStream(gzipped, 64 * 1024), StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        if (c == '\n') {
                            int len = line.length();
                            out.add(len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString());
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
            } catch (EOFException truncated) {
                // an object caught mid-upload: what was read is still the log; its last line may be cut
                line.setLength(0);
            }
            if (ended && line.length() > 0 && !partialPrinted) {
                out.add(line.toString());
                partialPrinted = true;
            }
            return out;
        }

        @Override
        public String where() {
            return object.toString();
        }
    }
}
