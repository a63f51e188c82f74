package io.gprec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.data.Dataset;
import io.gprec.data.DatasetException;
import io.gprec.cli.util.Args;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gprec generate end to end, and the local run's synthetic fallback. */
class GenerateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream originalOut, originalErr;
    private String originalHome;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        originalHome = System.getProperty("gprec.home");
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        if (originalHome == null) System.clearProperty("gprec.home"); else System.setProperty("gprec.home", originalHome);
    }

    private String stderr() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void writesTheFilesAndAReport() throws Exception {
        Path dir = tmp.resolve("synth"), report = tmp.resolve("r.json");
        int code = Main.run(new String[]{"generate", "--users", "100", "--items", "50", "--events", "2000", "--groups", "3",
                "--clusters", "6", "--drift-at", "1000", "--out", dir.toString(), "--report-json", report.toString()});
        assertThat(code).as(stderr()).isZero();
        assertThat(Files.readAllLines(dir.resolve("clicks.csv"))).hasSize(2001);
        assertThat(Files.readAllLines(dir.resolve("users.csv"))).hasSize(101);
        assertThat(dir.resolve("schema.json")).exists();
        var json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("events").asLong()).isEqualTo(2000);
        assertThat(json.path("ctr").asDouble()).isBetween(0.1, 0.3);
        assertThat(new ObjectMapper().readTree(dir.resolve("truth.json").toFile()).path("driftAt").asLong()).isEqualTo(1000);
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        assertThat(Main.run(new String[]{"generate", "--events", "10"})).isEqualTo(2);
        assertThat(Main.run(new String[]{"generate", "--out", "x", "--kafka", "h:1", "--topic", "t"})).isEqualTo(2);
        assertThat(Main.run(new String[]{"generate", "--kafka", "h:1"})).isEqualTo(2);
        assertThat(Main.run(new String[]{"generate", "--out", tmp.toString(), "--ctr", "2"})).isEqualTo(2);
        assertThat(Main.run(new String[]{"generate", "--out", tmp.toString(), "--groups", "40"})).isEqualTo(2);
        assertThat(stderr().lines()).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("gprec: "));
        assertThat(stderr()).contains("exactly one of --out", "--kafka needs --topic", "base CTR", "clusters (16) must be >= groups (40)")
                .doesNotContain("\tat ");
    }

    @Test
    void localRunFallsBackToSyntheticOnlyWhenTheDefaultDirIsMissing() {
        System.setProperty("gprec.home", tmp.resolve("home").toString()); // no ../shared/datasets/ml-100k there
        Dataset d = DataFlags.readOrSynthetic(args("--synthetic-events", "500"));
        assertThat(d.name()).isEqualTo("synthetic");
        assertThat(d.interactions()).hasSize(500);
        assertThat(stderr().lines()).singleElement().asString().contains("no dataset at").contains("synthetic stream");

        // an explicit --data-dir that does not exist stays an error
        assertThatThrownBy(() -> DataFlags.readOrSynthetic(args("--data-dir", tmp.resolve("nope").toString())))
                .isInstanceOf(DatasetException.class);
        // --synthetic forces it, silently
        err.reset();
        assertThat(DataFlags.readOrSynthetic(args("--synthetic", "--synthetic-events", "300")).interactions()).hasSize(300);
        assertThat(stderr()).isEmpty();
        assertThatThrownBy(() -> DataFlags.readOrSynthetic(args("--synthetic", "--data-dir", "x")))
                .hasMessageContaining("exclude each other");
    }

    private static Args args(String... argv) {
        return Args.parse("run", argv, Set.of("--data-dir", "--synthetic-events"), Set.of("--synthetic"));
    }
}
