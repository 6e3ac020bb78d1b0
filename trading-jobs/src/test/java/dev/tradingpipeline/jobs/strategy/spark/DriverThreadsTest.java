package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The driver's concurrent work: all of it runs at once, all of it is waited for, failures are not lost. */
class DriverThreadsTest {

    @Test
    void theWorkRunsAtOnceAndTheCallingThreadsResultComesBackAfterAllEnded() {
        // each piece waits for the other two: run one after the other, they would never end
        CountDownLatch started = new CountDownLatch(3);
        Runnable waitForAll = () -> {
            started.countDown();
            try {
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        AtomicBoolean lastEnded = new AtomicBoolean();
        String result = DriverThreads.runAll("test", List.of(waitForAll, waitForAll, () -> {
            waitForAll.run();
            sleep(200);
            lastEnded.set(true);
        }), () -> "meanwhile");
        assertThat(result).isEqualTo("meanwhile");
        assertThat(lastEnded).as("waited for the slowest").isTrue();
    }

    @Test
    void theFirstFailureIsThrownAfterAllEndedWithTheOthersSuppressed() {
        AtomicBoolean slowEnded = new AtomicBoolean();
        assertThatThrownBy(() -> DriverThreads.runAll("test", List.of(
                () -> {
                    sleep(200);
                    slowEnded.set(true);
                },
                () -> {
                    throw new IllegalStateException("second");
                },
                () -> {
                    throw new IllegalArgumentException("third");
                }), () -> "fine"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("second")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("third")));
        assertThat(slowEnded).isTrue();

        // the calling thread's own failure comes first
        assertThatThrownBy(() -> DriverThreads.runAll("test", List.of(() -> {
            throw new IllegalStateException("worker");
        }), () -> {
            throw new IllegalArgumentException("caller");
        })).hasMessage("caller").satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
