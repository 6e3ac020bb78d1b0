package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingScannerTest {

    @TempDir
    Path root;

    private final Configuration conf = new Configuration();

    private static Path touch(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** The listed paths relative to the landing folder, as the ledger keys them (under landing). */
    private static List<String> relative(LandingScanner.Listing l, Path landing) {
        String prefix = "file:" + landing + "/";
        return l.files().stream().map(f -> {
            assertThat(f.path()).startsWith(prefix);
            return f.path().substring(prefix.length());
        }).sorted().toList();
    }

    @Test
    void loopsEndAndAFileReachedByTwoPathsIsListedOnceWhileLinksToNewPlacesLoad() throws Exception {
        Path landing = root.resolve("landing");
        touch(landing.resolve("a.csv"), "a");
        Path b = touch(landing.resolve("sub/b.csv"), "bb");
        touch(landing.resolve("sub/deeper/c.csv"), "ccc");
        Files.createSymbolicLink(landing.resolve("sub/loop"), Path.of(".."));
        // sorts before "sub": the path without a link in it must still win
        Files.createSymbolicLink(landing.resolve("a-twin"), landing.resolve("sub"));
        Files.createSymbolicLink(landing.resolve("dup.csv"), b);
        Path outside = touch(root.resolve("outside/linked-from-outside.csv"), "dddd");
        Files.createSymbolicLink(landing.resolve("linked.csv"), outside);
        touch(root.resolve("more/e.csv"), "eeeee");
        Files.createSymbolicLink(landing.resolve("more"), root.resolve("more"));

        LandingScanner.Listing l = new LandingScanner(conf).list(landing.toString());

        assertThat(relative(l, landing))
                .containsExactly("a.csv", "linked.csv", "more/e.csv", "sub/b.csv", "sub/deeper/c.csv");
        LandingFile linked = l.files().stream().filter(f -> f.name().equals("linked.csv")).findFirst().orElseThrow();
        assertThat(linked.size()).isEqualTo(4);
        assertThat(linked.modifiedAtMillis()).isEqualTo(Files.getLastModifiedTime(outside).toMillis());
        assertThat(l.notes()).hasSize(3);
        assertThat(l.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("landing folder file:" + landing.resolve("sub/loop") + " skipped: it is file:" + landing)
                .contains("symlink loop"));
        assertThat(l.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("landing folder file:" + landing.resolve("a-twin") + " skipped: it is file:"
                        + landing.resolve("sub"))
                .contains("the same folder reached by two paths"));
        assertThat(l.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("landing file file:" + landing.resolve("dup.csv") + " skipped: it is the same file as file:"
                        + b)
                .contains("listed under that path"));

        // a rerun lists the same paths: the ledger, keyed by path, sees the same files
        assertThat(new LandingScanner(conf).list(landing.toString())).isEqualTo(l);
    }

    @Test
    void twoLinksToOneFileOutsideListItUnderTheFirstInNameOrder() throws Exception {
        Path landing = Files.createDirectories(root.resolve("landing"));
        Path outside = touch(root.resolve("outside/x.csv"), "x");
        Files.createSymbolicLink(landing.resolve("b.csv"), outside);
        Files.createSymbolicLink(landing.resolve("a.csv"), outside);

        LandingScanner.Listing l = new LandingScanner(conf).list(landing.toString());

        assertThat(relative(l, landing)).containsExactly("a.csv");
        assertThat(l.notes()).singleElement().asString()
                .contains("landing file file:" + landing.resolve("b.csv") + " skipped")
                .contains("same file as file:" + landing.resolve("a.csv"));
    }

    @Test
    void aLinkToNothingIsNotedAndTheRestIsListed() throws Exception {
        Path landing = Files.createDirectories(root.resolve("landing"));
        touch(landing.resolve("a.csv"), "a");
        Files.createSymbolicLink(landing.resolve("gone.csv"), root.resolve("nowhere.csv"));

        LandingScanner.Listing l = new LandingScanner(conf).list(landing.toString());

        assertThat(relative(l, landing)).containsExactly("a.csv");
        assertThat(l.notes()).singleElement().asString()
                .contains("landing entry file:" + landing.resolve("gone.csv") + " skipped: it is a symlink to nothing");
    }

    @Test
    void manySkipsOfOneKindAreCountedPastTheFirstOnes() throws Exception {
        Path landing = Files.createDirectories(root.resolve("landing"));
        Path real = touch(landing.resolve("real.csv"), "r");
        int links = LandingScanner.MAX_NOTES_PER_KIND + 5;
        for (int i = 0; i < links; i++) {
            Files.createSymbolicLink(landing.resolve(String.format("z%03d.csv", i)), real);
        }

        LandingScanner.Listing l = new LandingScanner(conf).list(landing.toString());

        assertThat(relative(l, landing)).containsExactly("real.csv");
        assertThat(l.notes()).hasSize(LandingScanner.MAX_NOTES_PER_KIND + 1);
        assertThat(l.notes().get(l.notes().size() - 1)).contains("5 more file(s) reached by a second path skipped");
    }

    @Test
    void aTreeWithoutLinksIsListedExactlyAsHadoopListsIt() throws Exception {
        Path landing = root.resolve("landing");
        touch(landing.resolve("UnderlyingOptionsEODCalcs_2024-03-04.csv"), "a");
        touch(landing.resolve("2024/03/UnderlyingOptionsEODCalcs_2024-03-05.csv.gz"), "bb");
        touch(landing.resolve("2024/03/name with space.zip"), "ccc");
        touch(landing.resolve("2024/.hidden.csv"), "d");
        touch(landing.resolve("_SUCCESS.csv"), "e");
        touch(landing.resolve("notes.txt"), "f");

        List<LandingFile> hadoop = new ArrayList<>();
        FileSystem fs = FileSystem.getLocal(conf);
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(landing.toString()), true);
        while (it.hasNext()) {
            LocatedFileStatus st = it.next();
            String name = st.getPath().getName();
            if (name.matches("[^._].*\\.(csv|csv\\.gz|zip)")) {
                hadoop.add(new LandingFile(fs.makeQualified(st.getPath()).toString(), name, st.getLen(),
                        st.getModificationTime()));
            }
        }

        LandingScanner.Listing l = new LandingScanner(conf).list(landing.toString());

        assertThat(l.files()).hasSize(3).containsExactlyInAnyOrderElementsOf(hadoop);
        assertThat(l.notes()).isEmpty();
    }

    @Test
    void anIngestRunLoadsEachRealFileOnceAndSaysWhatTheListingSkipped() throws Exception {
        Path landing = root.resolve("landing");
        List<Path> files = SparkTestSession.sample(landing.resolve("sub"), LocalDate.of(2024, 3, 4), 2, 40,
                Compression.CSV);
        Files.createSymbolicLink(landing.resolve("sub/loop"), Path.of(".."));
        Files.createSymbolicLink(landing.resolve("again.csv"), files.get(0));
        TradingConfig c = SparkTestSession.newConfig(root, Map.of());

        IngestJob.Result r = new IngestJob(SparkTestSession.get(), c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.succeeded()).isTrue();
        assertThat(r.filesSeen()).isEqualTo(2);
        assertThat(r.rowsAccepted()).isEqualTo(80);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("landing folder file:" + landing.resolve("sub/loop") + " skipped").contains("symlink loop"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("landing file file:" + landing.resolve("again.csv") + " skipped: it is the same file as file:"
                        + files.get(0)));
    }

    @Test
    void aMissingLandingFolderIsNamed() {
        Path landing = root.resolve("nope");
        assertThatThrownBy(() -> new LandingScanner(conf).list(landing.toString()))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("Landing location " + landing + " (paths.landing) does not exist");
    }
}
