package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;

/**
 * EMR Serverless calls that survive throttling, 5xx and I/O failures: each is tried
 * {@value #ATTEMPTS} times, 2, 4 and 8 s apart (each try being the SDK's own up to
 * {@code AwsClients.EMR_MAX_ATTEMPTS} requests), then fails with an {@link EmrException}. Only
 * for idempotent calls; StartJobRun is idempotent through its client token.
 */
final class RetryingCalls {
    static final int ATTEMPTS = 4;
    static final Duration BASE = Duration.ofSeconds(2);
    static final Duration CAP = Duration.ofSeconds(30);

    private final Consumer<String> log;
    private final Sleeper sleeper;

    RetryingCalls(Consumer<String> log, Sleeper sleeper) {
        this.log = log;
        this.sleeper = sleeper;
    }

    <T> T call(String operation, Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ResourceNotFoundException e) {
                throw new EmrException(operation + ": " + TransientErrors.describe(e)
                        + " (check " + ConfigKeys.EMR_APPLICATION_ID + ", the region and the account)", e);
            } catch (SdkException e) {
                if (TransientErrors.isInterruption(e)) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedException(operation + " interrupted");
                }
                if (!TransientErrors.isTransient(e)) {
                    throw new EmrException(operation + " failed" + (attempt > 1 ? " after " + attempt + " tries" : "")
                            + ": " + TransientErrors.describe(e), e);
                }
                if (attempt >= ATTEMPTS) {
                    throw new EmrException(operation + " failed after " + attempt + " tries: "
                            + TransientErrors.describe(e) + ". EMR Serverless is throttling this account or failing"
                            + " for now: try again in a few minutes", e);
                }
                Duration wait = TransientErrors.backoff(BASE, attempt, CAP);
                log.accept(operation + " failed (" + TransientErrors.describe(e) + "); retrying in "
                        + TransientErrors.format(wait));
                sleep(wait);
            }
        }
    }

    /** Sleeps; on interruption the flag is set again and the exception passed on. */
    void sleep(Duration d) throws InterruptedException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }
}
