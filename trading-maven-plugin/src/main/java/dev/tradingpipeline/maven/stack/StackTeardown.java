package dev.tradingpipeline.maven.stack;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.maven.emr.ApplicationShutdown;
import dev.tradingpipeline.maven.emr.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Takes the stack down: first a {@link Plan} of what would go (every resource of the stack, what
 * the bucket and repository hold, the active job runs), which changes nothing; then, once
 * confirmed, cancels the application's job runs and stops it, empties the bucket (every version)
 * and the repository, and deletes the stack.
 */
public final class StackTeardown {

    /** The property that confirms a teardown with the stack's name. */
    public static final String CONFIRM_PROPERTY = "trading.teardown.confirm";

    /** Objects and images counted for the plan; beyond this the plan says "more than". */
    static final int COUNT_LIMIT = 1000;

    /**
     * One resource of the stack.
     *
     * @param physicalId the resource's name or id, or empty when it was never created
     */
    public record Resource(String logicalId, String type, Optional<String> physicalId, String status) {
    }

    /**
     * What a teardown would delete.
     *
     * @param bucketObjects     object versions (and delete markers) in the bucket, up to {@link #COUNT_LIMIT}
     * @param repositoryImages  images in the repository, up to {@link #COUNT_LIMIT}
     * @param activeJobRuns     the application's active job runs, {@code id name (STATE)}
     */
    public record Plan(String stackName, String stackId, String status, List<Resource> resources,
            Optional<String> bucket, int bucketObjects, Optional<String> repository, int repositoryImages,
            Optional<String> applicationId, List<String> activeJobRuns) {

        /** The listing printed before anything is done, one line per resource. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            lines.add("Stack " + stackName + " (" + status + ") holds " + resources.size() + " resources;"
                    + " trading:teardown deletes them all:");
            for (Resource r : resources) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-24s %-34s %s", r.logicalId(),
                        r.type(), r.physicalId().orElse("(not created)")));
                if (r.physicalId().isPresent()) {
                    if (r.physicalId().equals(applicationId)) {
                        sb.append(activeJobRuns.isEmpty() ? "  stopped first"
                                : "  stopped first, after cancelling " + activeJobRuns.size() + " active job run"
                                        + (activeJobRuns.size() == 1 ? "" : "s") + ": "
                                        + String.join(", ", activeJobRuns));
                    } else if (r.physicalId().equals(bucket)) {
                        sb.append("  emptied first: ").append(count(bucketObjects, "object version"));
                    } else if (r.physicalId().equals(repository)) {
                        sb.append("  emptied first: ").append(count(repositoryImages, "image"));
                    } else if (r.type().equals("AWS::Glue::Database")) {
                        sb.append("  with the catalog entries of its tables");
                    }
                }
                lines.add(sb.toString());
            }
            return lines;
        }

        private static String count(int n, String what) {
            if (n >= COUNT_LIMIT) {
                return COUNT_LIMIT + " or more " + what + "s";
            }
            return n + " " + what + (n == 1 ? "" : "s");
        }
    }

    private final CloudFormationClient cfn;
    private final EmrServerlessClient emr;
    private final S3Client s3;
    private final EcrClient ecr;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;

    public StackTeardown(CloudFormationClient cfn, EmrServerlessClient emr, S3Client s3, EcrClient ecr,
            Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.cfn = Objects.requireNonNull(cfn);
        this.emr = Objects.requireNonNull(emr);
        this.s3 = Objects.requireNonNull(s3);
        this.ecr = Objects.requireNonNull(ecr);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
    }

    /** What a teardown of the stack would delete, or empty when there is no such stack. Changes nothing. */
    public Optional<Plan> plan(String stackName) throws InterruptedException {
        Optional<Stack> stack = new StackDeployer(cfn, log, clock, sleeper).describe(stackName);
        if (stack.isEmpty()) {
            return Optional.empty();
        }
        String stackId = stack.get().stackId();
        List<Resource> resources = new ArrayList<>();
        cfn.listStackResourcesPaginator(r -> r.stackName(stackId)).stackResourceSummaries()
                .forEach(s -> resources.add(resource(s)));
        Optional<String> bucket = physicalId(resources, "AWS::S3::Bucket");
        Optional<String> repository = physicalId(resources, "AWS::ECR::Repository");
        Optional<String> application = physicalId(resources, "AWS::EMRServerless::Application");
        int objects = bucket.map(this::countObjects).orElse(0);
        int images = repository.map(this::countImages).orElse(0);
        List<String> runs = application.isPresent()
                ? new ApplicationShutdown(emr, log, clock, sleeper).activeJobRuns(application.get()) : List.of();
        return Optional.of(new Plan(stackName, stackId, stack.get().stackStatusAsString(), List.copyOf(resources),
                bucket, objects, repository, images, application, runs));
    }

    /**
     * Refuses, before anything is deleted, unless {@code confirmation} is the stack's name.
     *
     * @throws StackException naming {@value #CONFIRM_PROPERTY} when the deletion is not confirmed
     */
    public static void checkConfirmed(Plan plan, String confirmation) {
        if (confirmation != null && confirmation.trim().equals(plan.stackName())) {
            return;
        }
        throw new StackException("Nothing was deleted. To delete stack " + plan.stackName() + " and everything listed"
                + " above (cancelling the job runs, emptying the bucket and the repository), run again with -D"
                + CONFIRM_PROPERTY + "=" + plan.stackName()
                + (confirmation == null || confirmation.isBlank() ? "" : " (" + CONFIRM_PROPERTY + " was '"
                        + confirmation + "')"));
    }

    /**
     * Deletes what the plan lists: the application's job runs are cancelled and it is stopped, the
     * bucket and repository are emptied, then the stack is deleted.
     *
     * @throws StackException when something cannot be deleted; what was deleted before stays deleted
     */
    public void execute(Plan plan, Duration timeout) throws InterruptedException {
        if (plan.applicationId().isPresent()) {
            new ApplicationShutdown(emr, log, clock, sleeper).shutDown(plan.applicationId().get(), timeout);
        }
        plan.bucket().ifPresent(this::emptyBucket);
        plan.repository().ifPresent(this::emptyRepository);
        new StackDeployer(cfn, log, clock, sleeper).delete(plan.stackName(), plan.stackId(), timeout);
    }

    // --- the bucket ---------------------------------------------------------------------------------

    private int countObjects(String bucket) {
        try {
            ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(COUNT_LIMIT));
            return page.versions().size() + page.deleteMarkers().size();
        } catch (NoSuchBucketException e) {
            return 0;
        } catch (S3Exception e) {
            if (!versionsUnsupported(e)) {
                throw e;
            }
            return s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(COUNT_LIMIT)).contents().size();
        }
    }

    /** Deletes every version and delete marker (the bucket is versioned), in batches of 1000. */
    void emptyBucket(String bucket) {
        long deleted = 0;
        try {
            String keyMarker = null;
            String versionMarker = null;
            while (true) {
                String k = keyMarker;
                String v = versionMarker;
                ListObjectVersionsResponse page = s3.listObjectVersions(r -> r.bucket(bucket).keyMarker(k)
                        .versionIdMarker(v));
                List<ObjectIdentifier> ids = new ArrayList<>();
                page.versions().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).versionId(o.versionId())
                        .build()));
                page.deleteMarkers().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key())
                        .versionId(o.versionId()).build()));
                deleted += delete(bucket, ids);
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            }
        } catch (NoSuchBucketException e) {
            log.accept("Bucket " + bucket + " does not exist (any more)");
            return;
        } catch (S3Exception e) {
            if (!versionsUnsupported(e)) {
                throw e;
            }
            // an S3-compatible store without versions: its objects are all there is
            log.accept("Bucket " + bucket + ": the endpoint lists no object versions; deleting its objects");
            String token = null;
            do {
                String t = token;
                ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).continuationToken(t));
                deleted += delete(bucket, page.contents().stream()
                        .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList());
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        }
        log.accept("Emptied bucket " + bucket + ": " + deleted + " object version" + (deleted == 1 ? "" : "s")
                + " deleted");
    }

    private int delete(String bucket, List<ObjectIdentifier> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        DeleteObjectsResponse response;
        try {
            response = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        } catch (ApiCallTimeoutException e) {
            throw new StackException("Cannot empty bucket " + bucket + ": DeleteObjects of " + ids.size()
                    + " objects (the first s3://" + bucket + "/" + ids.get(0).key() + ") not done within "
                    + ConfigKeys.AWS_CALL_TIMEOUT + ", retries included (" + e.getMessage() + "); the stack was not"
                    + " deleted. Run trading:teardown again once S3 answers", e);
        }
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new StackException("Cannot empty bucket " + bucket + ": " + response.errors().size()
                    + " objects were not deleted, e.g. " + first.key() + " (" + first.code() + ": " + first.message()
                    + "); the stack was not deleted");
        }
        return ids.size();
    }

    private static boolean versionsUnsupported(S3Exception e) {
        return e.statusCode() == 501;
    }

    // --- the repository -----------------------------------------------------------------------------

    private int countImages(String repository) {
        try {
            return ecr.listImages(r -> r.repositoryName(repository).maxResults(COUNT_LIMIT)).imageIds().size();
        } catch (RepositoryNotFoundException e) {
            return 0;
        }
    }

    /** Deletes every image of the repository, 100 at a time (the most BatchDeleteImage takes). */
    void emptyRepository(String repository) {
        int deleted = 0;
        try {
            String token = null;
            do {
                String t = token;
                ListImagesResponse page = ecr.listImages(r -> r.repositoryName(repository).nextToken(t));
                List<ImageIdentifier> ids = page.imageIds();
                for (int i = 0; i < ids.size(); i += 100) {
                    List<ImageIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 100));
                    BatchDeleteImageResponse response = ecr.batchDeleteImage(r -> r.repositoryName(repository)
                            .imageIds(batch));
                    // an image listed by tag and by digest is deleted once and reported missing the second time
                    List<String> failures = response.failures().stream()
                            .filter(f -> !"ImageNotFound".equals(f.failureCodeAsString()))
                            .map(f -> f.imageId() + ": " + f.failureCodeAsString() + " " + f.failureReason())
                            .toList();
                    if (!failures.isEmpty()) {
                        throw new StackException("Cannot empty repository " + repository + ": " + failures.get(0)
                                + (failures.size() > 1 ? " and " + (failures.size() - 1) + " more" : "")
                                + "; the stack was not deleted");
                    }
                    deleted += response.imageIds().size();
                }
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (RepositoryNotFoundException e) {
            log.accept("Repository " + repository + " does not exist (any more)");
            return;
        }
        log.accept("Emptied repository " + repository + ": " + deleted + " image" + (deleted == 1 ? "" : "s")
                + " deleted");
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static Resource resource(StackResourceSummary s) {
        String id = s.physicalResourceId();
        boolean gone = id == null || id.isBlank() || "DELETE_COMPLETE".equals(s.resourceStatusAsString());
        return new Resource(s.logicalResourceId(), s.resourceType(), gone ? Optional.empty() : Optional.of(id),
                s.resourceStatusAsString());
    }

    private static Optional<String> physicalId(List<Resource> resources, String type) {
        return resources.stream().filter(r -> r.type().equals(type)).map(Resource::physicalId)
                .flatMap(Optional::stream).findFirst();
    }
}
