package dev.tradingpipeline.maven.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the requests an SDK client tries to send, by operation ({@code PutObject},
 * {@code UploadPart}, ...): every try counts, the SDK's retries included, whether or not the
 * endpoint answered.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        tries.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Tries of one operation since the last {@link #reset()}. */
    public int count(String operation) {
        AtomicInteger n = tries.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Tries by operation, sorted by name, for assertion messages. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new TreeMap<>();
        tries.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public void reset() {
        tries.clear();
    }

    @Override
    public String toString() {
        return counts().toString();
    }
}
