package dev.tradingpipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestProcessTest {

    private static final Duration READY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aServerOnAFreePortIsAwaitedAndStoppedAndItsOutputKeptInTheLogFolder() throws Exception {
        int port = TestProcess.freeLoopbackPort();
        TestProcess server = child("listener", "listen", String.valueOf(port)).start();
        try {
            server.awaitPort(port, READY);
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).startsWith(Path.of(System.getProperty(TestProcess.LOG_DIR_PROPERTY)));
            assertThat(server.log().getFileName().toString()).matches("listener-\\d+\\.log");
        } finally {
            server.close();
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(server.exitValue()).isPresent();
        assertThat(server.output()).contains("listening on " + port);
    }

    @Test
    void aProcessThatEndsBeforeItIsReadyFailsWithWhatWhereAndTheLastLinesOfItsOutput() {
        int port = TestProcess.freeLoopbackPort();
        TestProcess p = child("Quitter", "print", "50", "exit", "3").log(dir.resolve("quitter.log")).start();

        assertThatThrownBy(() -> p.awaitPort(port, READY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Quitter exited with code 3 before it was ready on 127.0.0.1:" + port)
                .hasMessageContaining("The last " + TestProcess.TAIL_LINES + " lines of its output ("
                        + dir.resolve("quitter.log") + "):\n")
                .hasMessageContaining("line 11\n")
                .hasMessageEndingWith("line 50")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("line 10\n"));
    }

    @Test
    void aProcessNotReadyInTimeIsStoppedAndTheFailureSaysHowLongItWaited() {
        TestProcess p = child("Sleeper", "print", "1", "sleep").start();

        assertThatThrownBy(() -> p.awaitReady("its door", Duration.ofSeconds(1), () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Sleeper was not ready on its door within 1 s. The last 1 lines of its output")
                .hasMessageEndingWith("line 1");
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void outputReadLineByLineReachesTheListenerAndTheLogWithItsTime() throws Exception {
        List<TestProcess.Line> lines = new CopyOnWriteArrayList<>();
        TestProcess p = child("printer", "print", "3", "exit", "0").log(dir.resolve("printer.log"))
                .onLine(lines::add).start();

        assertThat(p.exitCode()).isZero();
        assertThat(lines).extracting(TestProcess.Line::text).containsExactly("line 1", "line 2", "line 3");
        assertThat(lines).allSatisfy(l -> assertThat(l.atMillis()).isBetween(0L, p.elapsedMillis()));
        assertThat(Files.readAllLines(dir.resolve("printer.log"))).hasSize(3)
                .allSatisfy(l -> assertThat(l).matches("\\d+ line \\d"));
    }

    @Test
    void stderrCanGoToAFileOfItsOwn() throws Exception {
        TestProcess p = child("both", "both").log(dir.resolve("out.log")).errorLog(dir.resolve("err.log")).start();

        assertThat(p.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("out.log"))).isEqualTo("to stdout" + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("err.log"))).isEqualTo("to stderr" + System.lineSeparator());
    }

    @Test
    void aStartThatIsNotReadyIsTriedAgainOnAnotherPort() {
        List<Integer> ports = new ArrayList<>();
        int port = TestProcess.onFreePort(3, p -> {
            ports.add(p);
            if (ports.size() == 1) {
                throw new IllegalStateException("someone else took port " + p);
            }
            return p;
        });

        assertThat(ports).hasSize(2).last().isEqualTo(port);
    }

    @Test
    void whenEveryAttemptFailsTheLastFailureIsThrown() {
        List<Integer> ports = new ArrayList<>();
        assertThatThrownBy(() -> TestProcess.onFreePort(2, p -> {
            ports.add(p);
            throw new IllegalStateException("attempt " + ports.size());
        })).hasMessage("attempt 2");
    }

    @Test
    void aProcessStartedElsewhereIsStoppedByItsId() throws Exception {
        TestProcess p = child("by-id", "print", "1", "sleep").start();
        TestProcess.stop(p.pid());
        assertThat(p.waitFor(Duration.ofSeconds(10))).isTrue();
        TestProcess.stop(p.pid()); // gone already: nothing to do
    }

    private static TestProcess.Builder child(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("-Xmx32m", "-cp", System.getProperty("java.class.path"),
                Child.class.getName()));
        command.addAll(List.of(args));
        return TestProcess.java(name, command);
    }

    /** {@code listen <port>}, {@code both}, or {@code print <n>} then {@code exit <code>} or {@code sleep}. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("both")) {
                System.out.println("to stdout");
                System.err.println("to stderr");
                return;
            }
            if (args[0].equals("listen")) {
                try (ServerSocket s = new ServerSocket(Integer.parseInt(args[1]), 50,
                        InetAddress.getByName(TestProcess.LOOPBACK))) {
                    System.out.println("listening on " + s.getLocalPort());
                    System.out.flush();
                    while (true) {
                        try (Socket ignored = s.accept()) {
                            // answer by accepting
                        } catch (IOException e) {
                            return;
                        }
                    }
                }
            }
            for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                System.out.println("line " + i);
            }
            System.out.flush();
            if (args[2].equals("exit")) {
                System.exit(Integer.parseInt(args[3]));
            }
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }
}
