package dev.tradingpipeline.maven.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Maven repository over HTTP on 127.0.0.1: Debian's {@code nginx} with its WebDAV module taking
 * the PUTs of {@code mvn deploy} and serving GETs from one folder, every request behind HTTP basic
 * authentication, as a hosted repository (GitHub Packages, CodeArtifact, a repository manager)
 * has it. A real server, with the transfers and authentication Maven does against any of them:
 * the published-repository test publishes the toolkit to it and builds a sibling project from it.
 *
 * <p>nginx runs in the foreground as a child process ({@link TestProcess}) with a configuration of
 * its own in {@code work}: its logs, temporary files and pid there, the repository in
 * {@code work/repository}. The access log records the user of each request ({@link #ACCESS_LOG}).
 * Where nginx is not installed the test falls back to a {@code file://} repository, with a loud
 * message ({@link #SKIP_MESSAGE}).
 */
public final class MavenRepositoryServer implements AutoCloseable {

    public static final String SKIP_MESSAGE = "Debian's nginx is not installed (apt-get install nginx): the toolkit"
            + " is published to a file:// repository instead of an HTTP one, without authentication";
    /** Each line: {@code <status> <method> <path> user=<user or ->}. */
    public static final String ACCESS_LOG = "access.log";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final TestProcess process;
    private final URI url;
    private final Path root;

    private MavenRepositoryServer(TestProcess process, URI url, Path root) {
        this.process = process;
        this.url = url;
        this.root = root;
    }

    /** The nginx binary: on the PATH, or where Debian puts it (/usr/sbin is not on every user's PATH). */
    public static Optional<Path> nginx() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()),
                        Stream.of("/usr/sbin"))
                .map(dir -> Path.of(dir, "nginx"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }

    public static boolean available() {
        return nginx().isPresent();
    }

    /**
     * Starts nginx serving {@code work/repository} on a free loopback port, to these users only
     * (user name to password), each allowed to read and publish.
     */
    public static MavenRepositoryServer start(Path work, Map<String, String> users) throws IOException {
        Path nginx = nginx().orElseThrow(() -> new IllegalStateException(SKIP_MESSAGE));
        Path dir = Files.createDirectories(work.toAbsolutePath());
        Path root = Files.createDirectories(dir.resolve("repository"));
        for (String temp : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
            Files.createDirectories(dir.resolve("temp").resolve(temp));
        }
        StringBuilder htpasswd = new StringBuilder();
        users.forEach((user, password) -> htpasswd.append(user).append(':').append(ssha(password)).append('\n'));
        Files.writeString(dir.resolve("htpasswd"), htpasswd);
        return TestProcess.onFreePort(START_ATTEMPTS, port -> {
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, configuration(dir, root, port));
            TestProcess process = TestProcess.command("nginx (Maven repository)", java.util.List.of(nginx.toString(),
                            "-e", dir.resolve("error.log").toString(), "-p", dir.toString(), "-c", conf.toString()))
                    .log(dir.resolve("nginx.log")).appendLog()
                    .start();
            URI url = URI.create("http://" + TestProcess.LOOPBACK + ":" + port + "/");
            process.awaitReady(TestProcess.LOOPBACK + ":" + port, START_TIMEOUT, TestProcess.answersHttp(url));
            return new MavenRepositoryServer(process, url, root);
        });
    }

    /** The repository's URL, ending with a slash. */
    public URI url() {
        return url;
    }

    /** The folder the repository's files are in. */
    public Path root() {
        return root;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop();
    }

    private static String configuration(Path dir, Path root, int port) {
        Path temp = dir.resolve("temp");
        return """
                # the published-repository test's Maven repository (MavenRepositoryServer)
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                # as root, workers run as root too, so that they can write the test's folder
                # (nginx ignores this, with a notice, when it is not started as root)
                user root;
                events {
                    worker_connections 64;
                }
                http {
                    log_format repository '$status $request_method $uri user=$remote_user';
                    access_log %1$s/%5$s repository;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    client_max_body_size 0;
                    server {
                        listen %6$s:%4$d;
                        root %3$s;
                        location / {
                            auth_basic "trading-pipeline";
                            auth_basic_user_file %1$s/htpasswd;
                            dav_methods PUT;
                            create_full_put_path on;
                            dav_access user:rw group:r all:r;
                        }
                    }
                }
                """.formatted(dir, temp, root, port, ACCESS_LOG, TestProcess.LOOPBACK);
    }

    /** RFC 2307's {SSHA}: base64(SHA-1(password + salt) + salt), which nginx's auth_basic reads. */
    static String ssha(String password) {
        try {
            byte[] salt = new byte[8];
            new SecureRandom().nextBytes(salt);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, both, 0, digest.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }
}
