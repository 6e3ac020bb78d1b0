package dev.tradingpipeline.maven.aws;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An S3 bucket and key (or key prefix), parsed from {@code s3://bucket[/key]}. Keys never start
 * or end with a slash; an empty key is the bucket itself.
 */
public record S3Location(String bucket, String key) {

    // S3 bucket naming rules (general purpose buckets), lenient only about dots
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name (3-63 characters:"
                    + " lower-case letters, digits, dots and hyphens)");
        }
        key = trimSlashes(key);
    }

    /** Parses {@code s3://bucket} or {@code s3://bucket/prefix}; anything else is rejected. */
    public static S3Location parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("expected an s3://bucket[/prefix] URI, got an empty value");
        }
        String v = uri.trim();
        if (!v.startsWith("s3://")) {
            throw new IllegalArgumentException("expected an s3://bucket[/prefix] URI, got '" + uri + "'");
        }
        String rest = v.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("expected an s3://bucket[/prefix] URI, got '" + uri + "' (no bucket)");
        }
        try {
            return new S3Location(bucket, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + uri + "': " + e.getMessage(), e);
        }
    }

    /** This location with parts appended, joined by single slashes ({@code a/}, {@code /b} give {@code a/b}). */
    public S3Location child(String... parts) {
        StringBuilder k = new StringBuilder(key);
        for (String part : parts) {
            String p = trimSlashes(Objects.requireNonNull(part, "part"));
            if (p.isEmpty()) {
                continue;
            }
            if (k.length() > 0) {
                k.append('/');
            }
            k.append(p);
        }
        return new S3Location(bucket, k.toString());
    }

    @Override
    public String toString() {
        return key.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + key;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }
}
