package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** A table write that ends in a timeout names its table; any other failure passes unchanged. */
class TableWriteTimeoutsTest {

    private static final String TABLE = "trading.bronze.option_eod";

    @Test
    void aTimeoutAmongTheCausesNamesTheTable() {
        RuntimeException failure = new IllegalStateException("commit failed",
                new UncheckedIOException(new java.io.IOException("put on s3a://lake/wh/bronze/option_eod/data/x.parquet",
                        new SocketTimeoutException("Read timed out"))));

        RuntimeException named = TableWriteTimeouts.naming(TABLE, "an append of batch b-1", failure);

        assertThat(named).isInstanceOf(TableWriteTimeouts.TableWriteTimeoutException.class)
                .hasCause(failure)
                .hasMessageStartingWith("Cannot write table trading.bronze.option_eod (an append of batch b-1): a call"
                        + " to the store or the catalog timed out (java.net.SocketTimeoutException: Read timed out)")
                .hasMessageContaining("docs/emr-and-aws.md");
    }

    @Test
    void aTimeoutAnExecutorReportedAsTextIsFoundToo() {
        // Spark's stage failure keeps a task's exception as text
        RuntimeException stageFailure = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 3.0"
                + " failed 1 times, most recent failure: Lost task 0.0 (TID 7): software.amazon.awssdk.core.exception"
                + ".ApiCallAttemptTimeoutException: HTTP request execution did not complete before the specified"
                + " timeout configuration: 30000 millis\n\tat software.amazon.awssdk...");

        assertThat(TableWriteTimeouts.naming(TABLE, "an overwrite of batch b-2", stageFailure))
                .hasMessageContaining("Cannot write table trading.bronze.option_eod (an overwrite of batch b-2)")
                .hasMessageContaining("(software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException: HTTP"
                        + " request execution did not complete before the specified timeout configuration: 30000 millis)");
    }

    @Test
    void anyOtherFailureIsReturnedAsItIs() {
        RuntimeException other = new IllegalStateException("Table trading.silver.option_eod has no column x");

        assertThat(TableWriteTimeouts.naming(TABLE, "an append of batch b-3", other)).isSameAs(other);
    }

    @Test
    void aNamedTimeoutIsNotNamedAgain() {
        RuntimeException named = TableWriteTimeouts.naming(TABLE, "an append of batch b-4",
                new RuntimeException(new SocketTimeoutException("connect timed out")));

        assertThat(TableWriteTimeouts.naming("trading.ops.landing_files", "the ledger rows of batch b-4", named))
                .isSameAs(named);
    }
}
