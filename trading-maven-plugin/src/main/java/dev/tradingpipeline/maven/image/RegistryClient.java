package dev.tradingpipeline.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads manifests and blobs through a registry's HTTP API v2: enough to check a base image's
 * platform and to look at what a build pushed. Logs in with basic auth, or with a bearer token when
 * the registry asks for one ({@code WWW-Authenticate: Bearer realm=...}, as public.ecr.aws and
 * Docker Hub do; anonymous when no credential is given). Loopback registries are spoken to over
 * plain HTTP, others over HTTPS; with {@code allowInsecure}, HTTPS without certificate checks,
 * falling back to HTTP.
 */
public final class RegistryClient {

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String ACCEPT_MANIFESTS = String.join(", ", DOCKER_MANIFEST, DOCKER_MANIFEST_LIST,
            OCI_MANIFEST, OCI_INDEX);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_REDIRECTS = 5;
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final String registry;
    private final Optional<RegistryCredential> credential;
    private final boolean allowInsecure;
    private final HttpClient http;
    /** Authorization header per repository, once a login worked. */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private volatile String scheme;

    /**
     * @param registry      host and optional port, as in an image reference ({@code public.ecr.aws},
     *                      {@code 127.0.0.1:5000})
     * @param credential    login; empty for anonymous access
     * @param allowInsecure for a registry that is not loopback: accept any TLS certificate, and plain
     *                      HTTP when HTTPS does not answer
     */
    public RegistryClient(String registry, Optional<RegistryCredential> credential, boolean allowInsecure) {
        if (registry == null || registry.isBlank() || registry.contains("/")) {
            throw new IllegalArgumentException("registry must be a host[:port], got '" + registry + "'");
        }
        this.registry = registry;
        this.credential = credential == null ? Optional.empty() : credential;
        this.allowInsecure = allowInsecure;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER); // followed by hand, without the login on other hosts
        if (allowInsecure && !isLoopback(registry)) {
            builder.sslContext(trustingEverything());
        }
        this.http = builder.build();
        if (isLoopback(registry)) {
            scheme = "http";
        } else if (!allowInsecure) {
            scheme = "https";
        }
    }

    /** A client for the registry an image reference names (Docker Hub for a bare name). */
    public static RegistryClient forImage(String imageReference, Optional<RegistryCredential> credential,
            boolean allowInsecure) {
        return new RegistryClient(parse(imageReference).getRegistry(), credential, allowInsecure);
    }

    public String registry() {
        return registry;
    }

    /**
     * The manifest that a tag or digest names: an image manifest, a Docker manifest list or an OCI
     * index. Empty when the registry does not know the repository or reference.
     */
    public Optional<Manifest> manifest(String repository, String reference) {
        HttpResponse<byte[]> response = send("GET", repository, "/manifests/" + reference, ACCEPT_MANIFESTS);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response);
        byte[] body = response.body();
        String digest = sha256(body);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new ImageBuildException("The manifest " + registry + "/" + repository + "@" + reference
                    + " has the digest " + digest + ": the registry sent other content");
        }
        String mediaType = response.headers().firstValue("Content-Type")
                .map(t -> t.split(";")[0].trim())
                .filter(t -> !t.isEmpty() && !t.equals("application/json"))
                .orElseGet(() -> readJson(body, "manifest").path("mediaType").asText(""));
        return Optional.of(new Manifest(digest, mediaType, body));
    }

    /**
     * The digest a tag points at ({@code sha256:...}), from a HEAD request; empty when the tag does
     * not exist. For a multi-platform tag, the digest of its manifest list or index.
     */
    public Optional<String> manifestDigest(String repository, String reference) {
        HttpResponse<byte[]> response = send("HEAD", repository, "/manifests/" + reference, ACCEPT_MANIFESTS);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(response);
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest").filter(d -> !d.isBlank());
        // a registry that does not say on HEAD: read the manifest and hash it
        return digest.isPresent() ? digest : manifest(repository, reference).map(Manifest::digest);
    }

    /** A blob (config or layer), whole in memory and checked against its digest: for small blobs. */
    public byte[] blob(String repository, String digest) {
        HttpResponse<byte[]> response = send("GET", repository, "/blobs/" + digest, "*/*");
        if (response.statusCode() == 404) {
            throw new ImageBuildException("The blob " + digest + " is not in " + registry + "/" + repository);
        }
        expectOk(response);
        String actual = sha256(response.body());
        if (!actual.equals(digest)) {
            throw new ImageBuildException("The blob " + registry + "/" + repository + "@" + digest
                    + " has the digest " + actual + ": the registry sent other content");
        }
        return response.body();
    }

    /**
     * The image for one platform under a tag or digest: through the manifest list or index when
     * there is one, else the single image after checking its configuration's {@code os} and
     * {@code architecture} (variants are not compared, as Jib does not).
     *
     * @param platform {@code <os>/<architecture>}
     * @return empty when the reference does not exist
     * @throws PlatformNotFoundException when it exists but offers no image for the platform
     */
    public Optional<PlatformImage> image(String repository, String reference, String platform) {
        Optional<Manifest> top = manifest(repository, reference);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        String where = registry + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        Manifest manifest = top.get();
        if (manifest.isIndex()) {
            List<String> offered = new ArrayList<>();
            for (Manifest.Entry entry : manifest.entries()) {
                if (entry.platform().equals(platform)) {
                    Manifest image = manifest(repository, entry.digest()).orElseThrow(() -> new ImageBuildException(
                            where + " lists " + entry.digest() + " for " + platform + ", but the registry does not have it"));
                    return Optional.of(new PlatformImage(registry, repository, reference, image,
                            Optional.of(manifest.digest()), config(repository, image, where)));
                }
                if (!offered.contains(entry.platform()) && !entry.platform().equals("unknown/unknown")) {
                    offered.add(entry.platform()); // buildx attestations say unknown/unknown
                }
            }
            throw new PlatformNotFoundException(where, platform, offered, true);
        }
        JsonNode config = config(repository, manifest, where);
        PlatformImage image = new PlatformImage(registry, repository, reference, manifest, Optional.empty(), config);
        if (!image.platform().equals(platform)) {
            throw new PlatformNotFoundException(where, platform, List.of(image.platform()), false);
        }
        return Optional.of(image);
    }

    private JsonNode config(String repository, Manifest manifest, String where) {
        String configDigest = manifest.configDigest();
        if (configDigest.isEmpty()) {
            throw new ImageBuildException(where + " is a " + manifest.mediaType()
                    + " manifest without a config: only Docker schema 2 and OCI images are supported");
        }
        return readJson(blob(repository, configDigest), "image config of " + where);
    }

    // ---- HTTP ----

    private HttpResponse<byte[]> send(String method, String repository, String path, String accept) {
        String authorization = authorizations.get(repository);
        HttpResponse<byte[]> response = exchange(method, uri(repository, path), accept, authorization);
        if (response.statusCode() == 401) {
            authorization = login(repository, response);
            response = exchange(method, uri(repository, path), accept, authorization);
            if (response.statusCode() == 401) {
                throw new ImageBuildException(registry + " refused " + (credential.isPresent()
                        ? "the credentials of " + credential.get().username() : "anonymous access")
                        + " for " + repository + " (HTTP 401)");
            }
        }
        return response;
    }

    private URI uri(String repository, String path) {
        return URI.create(scheme() + "://" + registry + "/v2/" + repository + path);
    }

    /** Sends one request, following redirects; the login only goes to the registry's own host. */
    private HttpResponse<byte[]> exchange(String method, URI uri, String accept, String authorization) {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(REQUEST_TIMEOUT)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", "trading-maven-plugin")
                    .header("Accept", accept);
            if (authorization != null && Objects.equals(current.getAuthority(), uri.getAuthority())) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response = call(request.build());
            int code = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if ((code == 301 || code == 302 || code == 303 || code == 307 || code == 308) && location.isPresent()) {
                if (redirects == MAX_REDIRECTS) {
                    throw new ImageBuildException(method + " " + uri + ": more than " + MAX_REDIRECTS + " redirects");
                }
                current = current.resolve(location.get());
                continue;
            }
            return response;
        }
    }

    private HttpResponse<byte[]> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ImageBuildException(request.method() + " " + request.uri() + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted while talking to " + registry, e);
        }
    }

    /** Answers a 401: a bearer token from the realm the registry names, or basic auth. */
    private String login(String repository, HttpResponse<byte[]> unauthorized) {
        String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElse("").trim();
        String authorization;
        if (challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            authorization = "Bearer " + token(repository, challengeParameters(challenge));
        } else if (credential.isPresent()) {
            authorization = basic(credential.get());
        } else {
            throw new ImageBuildException(registry + " needs a login for " + repository
                    + " (HTTP 401, WWW-Authenticate: " + (challenge.isEmpty() ? "none" : challenge) + ")");
        }
        authorizations.put(repository, authorization);
        return authorization;
    }

    private String token(String repository, Map<String, String> challenge) {
        String realm = challenge.get("realm");
        if (realm == null || realm.isBlank()) {
            throw new ImageBuildException(registry + " asked for a bearer token without naming a realm");
        }
        StringBuilder query = new StringBuilder();
        if (challenge.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8));
        }
        String scope = challenge.getOrDefault("scope", "repository:" + repository + ":pull");
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(REQUEST_TIMEOUT).GET()
                .header("User-Agent", "trading-maven-plugin");
        credential.ifPresent(c -> request.header("Authorization", basic(c)));
        HttpResponse<byte[]> response = call(request.build());
        if (response.statusCode() != 200) {
            throw new ImageBuildException("The token service " + realm + " of " + registry + " answered "
                    + response.statusCode() + " for " + scope
                    + (credential.isPresent() ? " with the credentials of " + credential.get().username() : " (anonymous)")
                    + ": " + snippet(response.body()));
        }
        JsonNode json = readJson(response.body(), "token response of " + realm);
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new ImageBuildException("The token service " + realm + " of " + registry + " sent no token");
        }
        return token;
    }

    private static Map<String, String> challengeParameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        return parameters;
    }

    private static String basic(RegistryCredential c) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** https, or for an insecure registry whatever answers: https first, then http. */
    private String scheme() {
        String known = scheme;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (scheme == null) {
                scheme = httpsAnswers() ? "https" : "http";
            }
            return scheme;
        }
    }

    private boolean httpsAnswers() {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("https://" + registry + "/v2/"))
                .timeout(CONNECT_TIMEOUT).GET().build();
        try {
            http.send(probe, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("Interrupted while talking to " + registry, e);
        }
    }

    private void expectOk(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw new ImageBuildException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + snippet(response.body()));
        }
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    static ImageReference parse(String imageReference) {
        try {
            return ImageReference.parse(imageReference);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("'" + imageReference + "' is not a valid image reference", e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    static JsonNode readJson(byte[] body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ImageBuildException("The " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static String snippet(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static SSLContext trustingEverything() {
        // X509ExtendedTrustManager: the default one also checks the host name; this one checks nothing
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for an insecure registry", e);
        }
    }

    /**
     * A manifest as the registry sent it.
     *
     * @param digest    {@code sha256:} of the bytes, which is what tags and indexes point at
     * @param mediaType from {@code Content-Type}, else from the document
     */
    public record Manifest(String digest, String mediaType, byte[] body) {

        /** One image of a manifest list or index. */
        public record Entry(String digest, String mediaType, String os, String architecture, String variant) {

            /** {@code <os>/<architecture>}, without the variant. */
            public String platform() {
                return os + "/" + architecture;
            }
        }

        public JsonNode json() {
            return readJson(body, "manifest " + digest);
        }

        /** A Docker manifest list or an OCI index rather than one image. */
        public boolean isIndex() {
            return mediaType.equals(DOCKER_MANIFEST_LIST) || mediaType.equals(OCI_INDEX)
                    || (!mediaType.equals(DOCKER_MANIFEST) && !mediaType.equals(OCI_MANIFEST)
                            && json().has("manifests"));
        }

        /** The images of a list or index (empty for an image manifest). */
        public List<Entry> entries() {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode m : json().path("manifests")) {
                JsonNode p = m.path("platform");
                entries.add(new Entry(m.path("digest").asText(), m.path("mediaType").asText(""),
                        p.path("os").asText("unknown"), p.path("architecture").asText("unknown"),
                        p.path("variant").asText("")));
            }
            return entries;
        }

        /** The config blob's digest; empty for a list or index. */
        public String configDigest() {
            return json().path("config").path("digest").asText("");
        }

        /** The layer blobs' digests, base first. */
        public List<String> layerDigests() {
            List<String> digests = new ArrayList<>();
            json().path("layers").forEach(l -> digests.add(l.path("digest").asText()));
            return digests;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Manifest m && m.digest.equals(digest);
        }

        @Override
        public int hashCode() {
            return digest.hashCode();
        }

        @Override
        public String toString() {
            return "Manifest[" + mediaType + " " + digest + "]";
        }
    }
}
