package dev.tradingpipeline.maven.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The commit the project is at, when it is a git work tree and git is installed: for run tags. */
public final class GitCommit {

    private GitCommit() {
    }

    public static Optional<String> of(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{7,40}") ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
