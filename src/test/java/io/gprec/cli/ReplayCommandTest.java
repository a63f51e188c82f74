package io.gprec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gprec.data.SchemaFixtures;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gprec replay} mistakes that need no broker: usage errors exit 2, data errors 1, each one line. */
class ReplayCommandTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
    }

    @Test
    void usageErrorsExit2WithOneLine() throws Exception {
        Path schema = Files.writeString(tmp.resolve("s.json"), SchemaFixtures.SYNTHETIC_JSON);
        assertUsage("--rate 10 --speedup 2", "gprec: give --rate or --speedup, not both");
        assertUsage("--rate 0", "gprec: --rate expects events/s > 0, got 0.0");
        assertUsage("--order random", "gprec: --order expects one of event-time|file|shuffle, got 'random'");
        assertUsage("--layout csv", "gprec: --layout csv needs --schema FILE");
        assertUsage("--layout ml-1m --schema " + schema, "gprec: --schema is for --layout csv, not ml-1m");
        assertUsage("--limit -1", "gprec: --limit expects a number of events >= 0");
        assertUsage("--start-offset x", "gprec: --start-offset expects an integer, got 'x'");
        assertUsage("--partitions 0", "gprec: --partitions expects a positive integer, got '0'");
        assertUsage("--topics t", "gprec: unknown option --topics for 'replay'");
        assertUsage("--data-dir " + tmp, "gprec: cannot tell the layout of " + tmp);
        Path noTime = Files.writeString(tmp.resolve("t.json"), SchemaFixtures.SYNTHETIC_JSON
                .replace("\"timestamp\": {\"column\": \"ts\", \"unit\": \"s\"},", ""));
        assertUsage("--schema " + noTime + " --speedup 10", "gprec: --speedup needs event times");
    }

    @Test
    void dataErrorsExit1WithOneLine() {
        assertThat(Main.run(new String[] {"replay", "--data-dir", tmp.resolve("nowhere").toString()})).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("gprec: data directory not found: ");
        err.reset();
        assertThat(Main.run(new String[] {"replay", "--schema", tmp.resolve("none.yaml").toString()})).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("gprec: schema file not found: ");
    }

    private void assertUsage(String args, String expectedStart) {
        err.reset();
        String[] argv = ("replay " + args).split(" ");
        assertThat(Main.run(argv)).as(args).isEqualTo(2);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr.lines().toList()).as(args).singleElement().asString().startsWith(expectedStart);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
