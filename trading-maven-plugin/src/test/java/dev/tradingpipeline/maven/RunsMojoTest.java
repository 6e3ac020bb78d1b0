package dev.tradingpipeline.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Set;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

class RunsMojoTest {

    private static RunsMojo mojo(int limit, String states) throws Exception {
        RunsMojo mojo = new RunsMojo();
        set(mojo, "limit", limit);
        set(mojo, "states", states);
        return mojo;
    }

    private static void set(Object target, String name, Object value) throws Exception {
        Field f = RunsMojo.class.getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void badParametersFailBeforeAnyWorkAllNamedAtOnce() throws Exception {
        assertThatThrownBy(() -> mojo(0, "FAILED,finished").checkParameters())
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("-Dtrading.runs.limit=0: must be at least 1\n"
                        + "-Dtrading.runs.states=FAILED,finished: unknown job run state finished; valid: SUBMITTED,"
                        + " PENDING, SCHEDULED, RUNNING, SUCCESS, FAILED, CANCELLING, CANCELLED, QUEUED");
    }

    @Test
    void goodParametersGiveTheStateFilter() throws Exception {
        RunsMojo mojo = mojo(5, "failed,CANCELLED");
        mojo.checkParameters();
        Field f = RunsMojo.class.getDeclaredField("stateFilter");
        f.setAccessible(true);
        assertThat(f.get(mojo)).isEqualTo(Set.of(JobRunState.FAILED, JobRunState.CANCELLED));
    }
}
