package dev.tradingpipeline.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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

    private final TestProcess browser;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages;
    private final AtomicInteger ids = new AtomicInteger();
    /** Events that arrived while a command waited for its answer. */
    private final List<JsonNode> pending = new ArrayList<>();

    private DevToolsPage(TestProcess browser, WebSocket socket, BlockingQueue<JsonNode> messages) {
        this.browser = browser;
        this.socket = socket;
        this.messages = messages;
    }

    /** Starts the browser on about:blank and attaches to its page. */
    static DevToolsPage open(Path chromium, Path userData, Duration timeout) throws Exception {
        // it picks its own port (0) and says which on stderr
        CompletableFuture<String> listening = new CompletableFuture<>();
        TestProcess p = TestProcess.command("chromium", List.of(chromium.toString(), "--headless", "--no-sandbox",
                        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + userData,
                        "--window-size=1200,2000", "about:blank"))
                .onLine(line -> {
                    Matcher m = LISTENING.matcher(line.text());
                    if (m.find()) {
                        listening.complete(m.group(1));
                    }
                })
                .start();
        try {
            p.awaitReady("its DevTools port", timeout, listening::isDone);
            String browserUrl = listening.get();
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
            p.stop();
            throw e;
        }
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
        browser.stop();
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
