package dev.tradingpipeline.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1, Java's own
 * client): navigates to a page, waits for its load event and reads the browser's own timings of
 * it. Nothing but the page's file is loaded; the browser is ended when closed.
 */
final class DevToolsPage implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages;
    private final AtomicInteger ids = new AtomicInteger();
    /** Events that arrived while a command waited for its answer. */
    private final List<JsonNode> pending = new ArrayList<>();

    private DevToolsPage(Process browser, WebSocket socket, BlockingQueue<JsonNode> messages) {
        this.browser = browser;
        this.socket = socket;
        this.messages = messages;
    }

    /** Starts the browser on about:blank and attaches to its page. */
    static DevToolsPage open(Path chromium, Path userData, Duration timeout) throws Exception {
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + userData, "--window-size=1200,2000", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserUrl = listeningUrl(p, timeout);
            URI list = URI.create(browserUrl.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
            JsonNode pages = JSON.readTree(http.send(HttpRequest.newBuilder(list).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String pageUrl = null;
            for (JsonNode t : pages) {
                if ("page".equals(t.path("type").asText())) {
                    pageUrl = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("no page target in " + pages);
            }
            BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(URI.create(pageUrl), new Listener(inbox)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new DevToolsPage(p, ws, inbox);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Reads the browser's stderr until it says where it listens; keeps draining it after. */
    private static String listeningUrl(Process p, Duration timeout) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                url.completeExceptionally(new IllegalStateException("chromium ended without a DevTools URL:\n" + seen));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a command and waits for its answer's {@code result}, events before it set aside. */
    JsonNode call(String method, Map<String, Object> params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode m = next(deadline, method);
            if (m.path("id").asInt(-1) == id) {
                if (m.has("error")) {
                    throw new IllegalStateException(method + ": " + m.get("error"));
                }
                return m.path("result");
            }
            pending.add(m);
        }
    }

    /** Waits for an event by name (one that arrived during a call counts). */
    JsonNode await(String event, Duration timeout) throws Exception {
        for (JsonNode m : pending) {
            if (event.equals(m.path("method").asText())) {
                pending.remove(m);
                return m.path("params");
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode m = next(deadline, event);
            if (event.equals(m.path("method").asText())) {
                return m.path("params");
            }
        }
    }

    private JsonNode next(long deadline, String waitingFor) throws InterruptedException {
        JsonNode m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m == null) {
            throw new IllegalStateException("no answer from chromium in time while waiting for " + waitingFor);
        }
        return m;
    }

    @Override
    public void close() throws InterruptedException {
        socket.abort();
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Collects whole text messages (the protocol's JSON) into a queue. */
    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> queue;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<JsonNode> queue) {
            this.queue = queue;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    queue.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException("not JSON from chromium: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
