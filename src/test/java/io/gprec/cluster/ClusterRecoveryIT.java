package io.gprec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.kafka.CommittedRecords;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import io.gprec.stream.event.OutputCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.gprec.cluster.ClusterRest.allVerticesRunning;
import static io.gprec.cluster.ClusterRest.await;
import static io.gprec.cluster.ClusterRest.completedCheckpoints;
import static io.gprec.cluster.ClusterRest.get;
import static io.gprec.cluster.ClusterRest.jobState;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploy to a real cluster and survive a crash: scripts/cluster-local.sh starts a JobManager, a
 * TaskManager and a Kafka broker (each its own JVM), scripts/submit.sh submits the shaded job jar
 * through REST, ML-100K is replayed into the clicks topic; then the TaskManager is killed with
 * SIGKILL mid-stream and a new one started. The job must come back from its RocksDB checkpoint and
 * end with exactly one committed prediction per replayed event.
 */
class ClusterRecoveryIT {
    /** Replayed at once, then the replay waits; the rest is paced, and the crash lands in it. */
    private static final int FIRST = 4000, TOTAL = 10000, PACED_PER_SECOND = 1000;
    private static final Duration STEP = Duration.ofSeconds(240);

    private static final Path WORK = Path.of("target/cluster-it").toAbsolutePath();
    private static final Path LOG = WORK.resolve("scripts.log");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path data;
    private static int restPort, kafkaPort;
    private static int[] promPorts;
    private static boolean started;

    @BeforeAll
    static void startCluster() throws Exception {
        data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        deleteRecursively(WORK);
        int[] ports = Scripts.freePorts(8);
        restPort = ports[0];
        kafkaPort = ports[2];
        promPorts = Arrays.copyOfRange(ports, 4, 8);
        started = true; // from here on, stop whatever part of it came up
        Scripts.ok(STEP, LOG, "cluster-local.sh", "start", "--work-dir", WORK.toString(), "--taskmanagers", "1",
                "--rest-port", Integer.toString(restPort), "--rpc-port", Integer.toString(ports[1]),
                "--kafka-port", Integer.toString(kafkaPort), "--kafka-controller-port", Integer.toString(ports[3]),
                "--prom-ports", Arrays.stream(promPorts).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                "--checkpoint-interval", "2 s", "--topics", "clicks,predictions,metrics,dead-letters");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (started) Scripts.run(Duration.ofSeconds(120), LOG, "cluster-local.sh", "stop", "--work-dir", WORK.toString());
    }

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aJobSubmittedThroughRestSurvivesAKilledTaskManagerWithEveryEventPredictedOnce() throws Exception {
        String rest = "http://127.0.0.1:" + restPort;
        String jobId = Scripts.ok(STEP, LOG, "submit.sh", "--rest", rest, "--parallelism", "1", "--",
                // gprec.kafka.bootstrap-servers is not given: the job takes it from the cluster's config.yaml
                "--gprec.kafka.clicks-topic", "clicks", "--gprec.kafka.predictions-topic", "predictions",
                "--gprec.kafka.metrics-topic", "metrics", "--gprec.kafka.dead-letter-topic", "dead-letters",
                "--gprec.kafka.bounded", "true", "--gprec.kafka.stop-at-offset", Integer.toString(TOTAL),
                "--gprec.trainer.batch-size", "64", "--gprec.trainer.max-wait", "200 ms",
                "--gprec.metrics.every", "500", "--gprec.trainer.snapshot-dir", WORK.resolve("snapshots").toString()).lastLine();
        assertThat(jobId).matches("[0-9a-f]{32}");
        await("job " + jobId + " running", STEP, () -> allVerticesRunning(rest, jobId));

        Dataset dataset = DatasetReaders.read(data);
        ClickEventCodec codec = ClickEventCodec.movieLens(dataset.schema());
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicLong sent = new AtomicLong();
        CompletableFuture<DatasetReplayer.Result> replay = CompletableFuture.supplyAsync(() ->
                DatasetReplayer.replay(dataset, codec, ReplayOrder.EVENT_TIME, kafka, "clicks", TOTAL, n -> pace(n, resume, sent)));

        // first part: predicted and committed, and the gauges at the Prometheus endpoint
        await(FIRST + " committed predictions", STEP, () -> predictionIds(kafka).size() >= FIRST);
        assertThat(predictionIds(kafka)).hasSize(FIRST);
        double auc = awaitValue("the job's rollingAuc at the Prometheus endpoint", Duration.ofSeconds(60), () -> rollingAuc(jobId));
        assertThat(auc).isBetween(0.0, 1.0);
        assertThat(completedCheckpoints(rest, jobId)).isPositive();
        // every metric the Grafana dashboard queries is exported by this cluster (JobManager + TaskManager endpoints)
        var wanted = Dashboard.allMetrics();
        var exported = new java.util.TreeSet<String>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!exported.containsAll(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            exported = exportedMetricNames();
        }
        var missing = new java.util.TreeSet<>(wanted);
        missing.removeAll(exported);
        assertThat(missing).as("dashboard metrics no Prometheus endpoint of the cluster exports").isEmpty();
        // every JVM of the cluster (Kafka, JobManager, TaskManager) listens on the loopback interface only
        try (var pidFiles = Files.newDirectoryStream(WORK.resolve("pids"), "*.pid")) {
            for (Path pidFile : pidFiles) {
                var listening = io.gprec.exposure.ListeningSockets.of(Files.readString(pidFile).strip());
                assertThat(listening).as(pidFile.getFileName() + " listens").isNotEmpty().allMatch(l -> l.loopback());
            }
        }

        // checkpoints land in the cluster's checkpoint dir (RocksDB files under 20 KB are inlined into _metadata,
        // so shared/ may stay empty for this small state)
        Path jobCheckpoints = WORK.resolve("checkpoints").resolve(jobId);
        await("a chk-N/_metadata in " + jobCheckpoints, Duration.ofSeconds(30), () -> {
            if (!Files.isDirectory(jobCheckpoints)) return false;
            try (var files = Files.list(jobCheckpoints)) {
                return files.anyMatch(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")));
            }
        });
        assertThat(jobCheckpoints.resolve("shared")).isDirectory();

        // second part, paced: kill -9 the TaskManager while events flow, then bring up a new one
        resume.countDown();
        await("the paced replay under way", Duration.ofSeconds(60), () -> sent.get() >= FIRST + 2000);
        assertThat(jobState(rest, jobId)).isEqualTo("RUNNING");
        assertThat(predictionIds(kafka).size()).isLessThan(TOTAL);
        String killed = Scripts.ok(Duration.ofSeconds(30), LOG, "cluster-local.sh", "kill-taskmanager", "--work-dir", WORK.toString()).output();
        assertThat(killed).contains("SIGKILL");
        Scripts.ok(STEP, LOG, "cluster-local.sh", "add-taskmanager", "--work-dir", WORK.toString());
        await("job " + jobId + " finished after the restore", STEP, () -> "FINISHED".equals(jobState(rest, jobId)));
        assertThat(replay.get(60, TimeUnit.SECONDS).produced()).isEqualTo(TOTAL);

        // it restarted from a checkpoint (not a savepoint) of the RocksDB backend, incremental
        JsonNode checkpoints = get(rest + "/jobs/" + jobId + "/checkpoints");
        assertThat(checkpoints.at("/counts/restored").asInt()).isPositive();
        assertThat(checkpoints.at("/latest/restored/is_savepoint").asBoolean(true)).isFalse();
        JsonNode config = get(rest + "/jobs/" + jobId + "/checkpoints/config");
        assertThat(config.get("state_backend").asText()).contains("RocksDB");

        // exactly once: the committed predictions are the replayed events, each once
        List<String> clickIds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, "clicks", Duration.ofSeconds(60))) {
            Decoded d = codec.decode(r.value());
            assertThat(d.ok()).isTrue();
            clickIds.add(d.event().eventId());
        }
        assertThat(clickIds).hasSize(TOTAL).doesNotHaveDuplicates();
        List<String> predicted = predictionIds(kafka);
        assertThat(predicted).hasSize(TOTAL).doesNotHaveDuplicates();
        assertThat(new HashSet<>(predicted)).isEqualTo(new HashSet<>(clickIds));
        assertThat(CommittedRecords.readAll(kafka, "dead-letters", Duration.ofSeconds(30))).isEmpty();
    }

    /** Replay progress (every 1000 events): hold at FIRST until resumed, then pace. */
    private static void pace(long n, CountDownLatch resume, AtomicLong sent) {
        sent.set(n);
        try {
            if (n == FIRST) resume.await();
            if (n >= FIRST) Thread.sleep(1000L * 1000 / PACED_PER_SECOND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> predictionIds(Properties kafka) {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, "predictions", Duration.ofSeconds(60))) {
            ids.add(OutputCodec.decodePrediction(r.value()).eventId());
        }
        return ids;
    }

    /** The job's rollingAuc gauge as Flink's Prometheus reporter exports it, from whichever port holds it. */
    private static OptionalDouble rollingAuc(String jobId) {
        for (int port : promPorts) {
            String text;
            try {
                text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                continue; // a port of the list no JVM took
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalDouble.empty();
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("flink_taskmanager_job_task_operator_rollingAuc{") && line.contains("job_id=\"" + jobId + "\"")) {
                    String value = line.substring(line.lastIndexOf(' ') + 1);
                    if (!value.equals("NaN")) return OptionalDouble.of(Double.parseDouble(value));
                }
            }
        }
        return OptionalDouble.empty();
    }

    private static java.util.TreeSet<String> exportedMetricNames() {
        var names = new java.util.TreeSet<String>();
        for (int port : promPorts) {
            try {
                String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("flink_")) names.add(line.split("[{ ]", 2)[0]);
                }
            } catch (IOException e) {
                // a port of the list no JVM took
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return names;
    }

    private static double awaitValue(String what, Duration timeout, java.util.function.Supplier<OptionalDouble> value) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            OptionalDouble v = value.get();
            if (v.isPresent()) return v.getAsDouble();
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + timeout);
            Thread.sleep(1000);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
