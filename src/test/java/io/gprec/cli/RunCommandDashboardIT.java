package io.gprec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local run's dashboard, fed by the real job: the run prints the dashboard's URL, and with --hold keeps it up
 * after the summary; the page's state then holds the job's own metrics records (named "gprec") and the heatmap of
 * its last model snapshot. Enter ends the run, and the dashboard with it.
 */
class RunCommandDashboardIT {
    private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theLocalRunServesItsMetricsAndLastSnapshotOnTheDashboard(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        Path report = dir.resolve("run.json");
        InputStream stdin = System.in;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PipedOutputStream enter = new PipedOutputStream();
        System.setIn(new PipedInputStream(enter));
        System.setErr(new PrintStream(new Tee(captured, stderr), true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> run = null;
        try {
            run = CompletableFuture.supplyAsync(() -> Main.run(new String[]{"run",
                    "--data-dir", data.toString(), "--limit", "3000", "--work-dir", dir.resolve("work").toString(),
                    "--conf-dir", "flink-conf", "--checkpoint-interval", "2 s", "--report-json", report.toString(),
                    "--dashboard-port", "0", "--hold"}));
            String held = await(captured, "stays up until Enter", run);
            Matcher m = URL.matcher(held);
            assertThat(m.find()).as("the run prints the dashboard's URL").isTrue();
            String url = m.group(1);

            JsonNode summary = new ObjectMapper().readTree(report.toFile());
            String lastSnapshot = summary.get("last_snapshot").asText();
            JsonNode state = stateWithHeatmap(url, lastSnapshot);
            JsonNode records = state.get("runs").get("gprec");
            assertThat(state.get("runs").size()).isEqualTo(1);
            assertThat(records.findValues("events")).extracting(JsonNode::asLong).containsExactly(1000L, 2000L, 3000L);
            assertThat(records.get(2).get("model").asText()).isEqualTo("gprec");
            // the job's cumulative AUC is binned: the exact one (the summary's) lies within the bound it reports
            double bound = records.get(2).get("cumulative_auc_error_bound").asDouble();
            assertThat(bound).isBetween(0.0, 0.02); // 3,000 events: early scores crowd a few bins
            assertThat(records.get(2).get("cumulative_auc").asDouble())
                    .isCloseTo(summary.get("prequential_auc").asDouble(), org.assertj.core.api.Assertions.within(bound + 1e-12));
            JsonNode heatmap = state.get("heatmap");
            assertThat(heatmap.get("kind").asText()).isEqualTo("gprec");
            assertThat(heatmap.get("groups").asInt()).isEqualTo(60);
            assertThat(heatmap.get("cos").size()).isEqualTo(120);

            enter.write('\n');
            enter.flush();
            assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
            assertThatThrownBy(() -> get(url)).as("the dashboard stops with the run").hasCauseInstanceOf(ConnectException.class);
        } finally {
            // a failed assertion must not leave the held run (Kafka, MiniCluster, dashboard) behind in this JVM
            try {
                enter.write('\n');
                enter.flush();
            } catch (java.io.IOException alreadyEnded) {
                // the run has read its Enter and closed the pipe
            }
            try {
                if (run != null) run.get(60, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the assertion above already failed or passed; this only waits for the run to stop
            }
            System.setIn(stdin);
            System.setErr(stderr);
        }
    }

    /** The dashboard's state once its heatmap shows the given snapshot (it looks every 2 s). */
    private static JsonNode stateWithHeatmap(String url, String snapshot) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonNode state = new ObjectMapper().readTree(get(url + "api/state"));
            JsonNode h = state.get("heatmap");
            if (h != null && h.has("file") && h.get("file").asText().equals(snapshot)) return state;
            if (System.nanoTime() > deadline) throw new AssertionError("heatmap of " + snapshot + " not shown; state: " + state);
            Thread.sleep(200);
        }
    }

    private static String await(ByteArrayOutputStream captured, String text, CompletableFuture<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
        while (true) {
            String s = captured.toString(StandardCharsets.UTF_8);
            if (s.contains(text)) return s;
            if (run.isDone()) throw new AssertionError("the run ended (exit " + run.get() + ") before: " + text);
            if (System.nanoTime() > deadline) throw new AssertionError("not within 200 s: " + text);
            Thread.sleep(200);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Writes to both: the test reads what the run prints, and the log still shows it. */
    private static final class Tee extends OutputStream {
        private final OutputStream a, b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
