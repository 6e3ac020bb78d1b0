package dev.tradingpipeline.maven.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Records the HTTP requests an SDK client sends, as they go on the wire (signed, every header),
 * and can add headers to HeadObject responses, to play an S3 that reports how an object is
 * encrypted (S3Proxy accepts encryption headers but neither keeps nor reports them).
 */
public final class S3RequestRecorder implements ExecutionInterceptor {

    /** One request: the SDK's operation name and its headers (names in lower case). */
    public record Sent(String operation, String method, String path, Map<String, String> headers) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Map<String, String> headObjectHeaders = new TreeMap<>();
    private boolean denyMissing;

    /**
     * From now on a HeadObject of a missing key answers 403 instead of 404, as S3 does for a
     * caller without s3:ListBucket on the key.
     */
    public synchronized S3RequestRecorder denyHeadOfMissingKeys() {
        denyMissing = true;
        return this;
    }

    /** Headers every HeadObject response gets from now on, e.g. {@code x-amz-server-side-encryption}. */
    public synchronized S3RequestRecorder reportOnHead(String header, String value) {
        headObjectHeaders.put(header, value);
        return this;
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The requests of one operation, e.g. {@code PutObject}. */
    public synchronized List<Sent> sent(String operation) {
        return sent.stream().filter(s -> s.operation().equals(operation)).toList();
    }

    public synchronized void clear() {
        sent.clear();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest r = context.httpRequest();
        Map<String, String> headers = new TreeMap<>();
        r.headers().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        synchronized (this) {
            sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), r.method().name(),
                    r.encodedPath(), headers));
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Map<String, String> extra;
        boolean deny;
        synchronized (this) {
            extra = Map.copyOf(headObjectHeaders);
            deny = denyMissing;
        }
        if (deny && context.httpResponse().statusCode() == 404
                && "HeadObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return context.httpResponse().toBuilder().statusCode(403).statusText("Forbidden").build();
        }
        if (extra.isEmpty() || !"HeadObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                || !context.httpResponse().isSuccessful()) {
            return context.httpResponse();
        }
        SdkHttpResponse.Builder b = context.httpResponse().toBuilder();
        extra.forEach(b::putHeader);
        return b.build();
    }
}
