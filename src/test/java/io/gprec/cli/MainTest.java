package io.gprec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.model.ModelSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gprec command line end to end: exit codes, one-line errors without stack traces, help, JSON reports. */
class MainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private PrintStream originalOut, originalErr;

    @TempDir
    Path tmp;

    @BeforeEach
    void captureStreams() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStreams() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private String stdout() { return out.toString(StandardCharsets.UTF_8); }

    private String stderr() { return err.toString(StandardCharsets.UTF_8); }

    private List<String> stderrLines() { return stderr().lines().toList(); }

    private void assertNoStackTrace() {
        assertThat(stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(Main.run(new String[] {"train"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: unknown command").contains("'train'");
        assertNoStackTrace();
    }

    @Test
    void unknownOptionIsAUsageErrorNamingIt() {
        assertThat(Main.run(new String[] {"offline", "--bogus", "1"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: ").contains("--bogus");
        assertNoStackTrace();
    }

    @Test
    void nonNumericBatchIsAUsageErrorNamingTheFlag() {
        assertThat(Main.run(new String[] {"offline", "--batch", "abc"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: ").contains("--batch").contains("abc");
        assertNoStackTrace();
    }

    @Test
    void unknownModelIsAUsageErrorListingTheChoices() {
        assertThat(Main.run(new String[] {"offline", "--model", "nope"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("--model").contains("base|gprec").contains("nope");
        assertNoStackTrace();
    }

    @Test
    void backboneChoicesAndTheirStrategyLimitsAreOneLineUsageErrors() {
        assertThat(Main.run(new String[] {"offline", "--backbone", "resnet"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().contains("--backbone").contains("mlp|dcn|gdcn|deepfm|finalmlp")
                .contains("resnet");
        err.reset();
        assertThat(Main.run(new String[] {"offline", "--backbone", "finalmlp", "--strategy", "dp"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: FinalMLP's prediction layer")
                .contains("dynamic parameters").contains("INPUT or ENSEMBLE");
        err.reset();
        assertThat(Main.run(new String[] {"bench", "--model", "dgpm", "--strategy", "input"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: the DGPM-like baseline")
                .contains("strategy INPUT is not available");
        err.reset();
        assertThat(Main.run(new String[] {"offline", "--model", "dgpm", "--backbone", "finalmlp"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: the DGPM-like baseline").contains("FinalMLP");
        assertNoStackTrace();
    }

    @Test
    void invalidModelSettingIsAUsageError() {
        assertThat(Main.run(new String[] {"offline", "--dropout", "1.5"})).isEqualTo(2);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: ").contains("dropout");
        assertNoStackTrace();
    }

    @Test
    void missingDataDirectoryIsAFailureWithOneLine() {
        assertThat(Main.run(new String[] {"offline", "--data-dir", "/nonexistent/x"})).isEqualTo(1);
        assertThat(stderrLines()).singleElement().asString().startsWith("gprec: ").contains("data directory not found");
        assertNoStackTrace();
    }

    @Test
    void directoryWithoutMovieLensFilesIsAFailureWithOneLine() {
        assertThat(Main.run(new String[] {"bench", "--data-dir", tmp.toString()})).isEqualTo(1);
        assertThat(stderrLines()).singleElement().asString().contains("no MovieLens dataset");
        assertNoStackTrace();
    }

    @Test
    void offlineHelpListsTheStrategyFlag() {
        assertThat(Main.run(new String[] {"offline", "--help"})).isZero();
        assertThat(stdout()).contains("usage: gprec offline").contains("--strategy").contains("--report-json");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void benchHelpListsItsOwnFlags() {
        assertThat(Main.run(new String[] {"bench", "--help"})).isZero();
        assertThat(stdout()).contains("usage: gprec bench").contains("--warmup").contains("--seconds");
    }

    @Test
    void noArgumentsPrintsUsageAndIsAUsageError() {
        assertThat(Main.run(new String[0])).isEqualTo(2);
        assertThat(stdout()).contains("usage: gprec <command>");
    }

    @Test
    void offlineEndToEndWritesAReportAndAModel() throws IOException {
        Path data = tinyMl1m(tmp.resolve("ml-1m"));
        Path report = tmp.resolve("out/r.json"), model = tmp.resolve("out/m.gprec");
        int code = Main.run(new String[] {"offline", "--data-dir", data.toString(), "--epochs", "2", "--batch", "64",
                "--groups", "4", "--embedding-dim", "4", "--report-json", report.toString(), "--save-model", model.toString()});
        assertThat(code).as("stderr: %s", stderr()).isZero();
        assertNoStackTrace();
        assertThat(stdout()).startsWith("test_auc ");

        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("test_auc").isNumber()).isTrue();
        assertThat(json.get("test_logloss").isNumber()).isTrue();
        assertThat(json.get("test_auc").asDouble()).isStrictlyBetween(0.0, 1.0);
        assertThat(json.get("test_logloss").asDouble()).isPositive();
        assertThat(json.get("epochs_run").asInt()).isBetween(1, 2);
        assertThat(json.get("validation_aucs").size()).isEqualTo(json.get("epochs_run").asInt());
        assertThat(json.get("dataset").asText()).isEqualTo("ml-1m");
        assertThat(json.get("config").get("groups").asText()).isEqualTo("4");

        ModelSnapshot.Loaded loaded = ModelSnapshot.read(model);
        assertThat(loaded.model().config().groups).isEqualTo(4);
        assertThat(Double.parseDouble(loaded.provenance().get("test_auc"))).isEqualTo(json.get("test_auc").asDouble());
    }

    @Test
    void benchEndToEndWritesAReport() throws IOException {
        Path data = tinyMl1m(tmp.resolve("ml-1m"));
        Path report = tmp.resolve("bench.json");
        int code = Main.run(new String[] {"bench", "--data-dir", data.toString(), "--seconds", "0.2", "--warmup", "1",
                "--batch", "32", "--groups", "4", "--embedding-dim", "4", "--report-json", report.toString()});
        assertThat(code).as("stderr: %s", stderr()).isZero();
        assertNoStackTrace();
        assertThat(stdout()).startsWith("examples_per_second ");

        JsonNode json = JSON.readTree(report.toFile());
        assertThat(json.get("examples_per_second").isNumber()).isTrue();
        assertThat(json.get("examples_per_second").asDouble()).isPositive();
        assertThat(json.get("batch").asInt()).isEqualTo(32);
        assertThat(json.get("steps").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(json.get("seconds").asDouble()).isGreaterThanOrEqualTo(0.2);
        assertThat(json.get("warmup_steps").asInt()).isEqualTo(1);
    }

    /**
     * A MovieLens 1M folder: 40 users × 15 movies = 600 ratings; a user rates 5 the movies of their parity and 2 the
     * others (with one exception in seven), so both labels are common in every split.
     */
    static Path tinyMl1m(Path dir) throws IOException {
        Files.createDirectories(dir);
        String[] ages = {"1", "18", "25", "35", "45", "50", "56"};
        List<String> users = new ArrayList<>(), movies = new ArrayList<>(), ratings = new ArrayList<>();
        for (int u = 1; u <= 40; u++) {
            users.add(u + "::" + (u % 2 == 0 ? "F" : "M") + "::" + ages[u % ages.length] + "::" + (u % 21) + "::"
                    + (10000 + 137 * u));
        }
        String[] genres = {"Comedy", "Drama", "Action|Thriller", "Animation|Children's"};
        for (int m = 1; m <= 15; m++) {
            movies.add(m + "::Movie " + m + " (" + (1980 + m) + ")::" + genres[m % genres.length]);
        }
        long t = 978_300_000L;
        for (int u = 1; u <= 40; u++) {
            for (int m = 1; m <= 15; m++) {
                boolean likes = (u % 2 == m % 2) != ((u * 15 + m) % 7 == 0);
                ratings.add(u + "::" + m + "::" + (likes ? 5 : 2) + "::" + (t++));
            }
        }
        Files.write(dir.resolve("users.dat"), users, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("movies.dat"), movies, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("ratings.dat"), ratings, StandardCharsets.ISO_8859_1);
        return dir;
    }
}
