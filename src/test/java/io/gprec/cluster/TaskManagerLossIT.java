package io.gprec.cluster;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.faults.FaultReport;
import io.gprec.kafka.CommittedRecords;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.ModelSnapshotTestAccess;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static io.gprec.cluster.ClusterRest.allVerticesRunning;
import static io.gprec.cluster.ClusterRest.await;
import static io.gprec.cluster.ClusterRest.get;
import static io.gprec.cluster.ClusterRest.jobState;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 3, TaskManager loss: on the multi-process cluster (scripts/cluster-local.sh), the TaskManager running the
 * job (parallelism 1, seed 42, count-based mini-batches) is killed with SIGKILL three times, at seeded random points
 * of the stream; a spare TaskManager is started before each kill, and the job fails over to it. The committed predictions must be the replayed events, each once,
 * and the run must end exactly as an uninterrupted run of the same job on the same input: the same predictions (ids,
 * order, score bits) and a final model snapshot with bit-identical parameters.
 *
 * <p>The replay is gated: events are released only up to a little past the next kill point, and only once the spare
 * TaskManager is up, so every kill lands while events flow and the job still has input to read.
 */
class TaskManagerLossIT {
    private static final int TOTAL = 12_000, KILLS = 3, AHEAD = 1000;
    private static final Duration STEP = Duration.ofSeconds(240);
    private static final Path WORK = Path.of("target/tm-loss-it").toAbsolutePath();
    private static final Path LOG = WORK.resolve("scripts.log");
    private static int restPort, kafkaPort;
    private static boolean started;

    @BeforeAll
    static void startCluster() throws Exception {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        deleteRecursively(WORK);
        int[] ports = Scripts.freePorts(8);
        restPort = ports[0];
        kafkaPort = ports[2];
        started = true;
        Scripts.ok(STEP, LOG, "cluster-local.sh", "start", "--work-dir", WORK.toString(), "--taskmanagers", "1",
                "--rest-port", Integer.toString(restPort), "--rpc-port", Integer.toString(ports[1]),
                "--kafka-port", Integer.toString(kafkaPort), "--kafka-controller-port", Integer.toString(ports[3]),
                "--prom-ports", Arrays.stream(Arrays.copyOfRange(ports, 4, 8)).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                "--checkpoint-interval", "2 s",
                "--topics", "clicks,killed-predictions,killed-metrics,killed-dead,clean-predictions,clean-metrics,clean-dead");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (started) Scripts.run(Duration.ofSeconds(120), LOG, "cluster-local.sh", "stop", "--work-dir", WORK.toString());
    }

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void threeKilledTaskManagersLoseNothingAndEndWithTheModelOfAnUninterruptedRun() throws Exception {
        long seed = Long.getLong("gprec.faults.seed", 6L);
        Random random = new Random(seed);
        long[] killAt = new long[KILLS];
        for (int k = 0; k < KILLS; k++) killAt[k] = (long) TOTAL * (k + 1) / (KILLS + 1) + random.nextInt(TOTAL / 8) - TOTAL / 16;
        long[] delayMs = new long[KILLS];
        for (int k = 0; k < KILLS; k++) delayMs[k] = random.nextInt(2000);
        System.out.printf("TaskManagerLossIT: seed %d, kill after %s committed predictions, then %s ms later%n",
                seed, Arrays.toString(killAt), Arrays.toString(delayMs));

        String rest = "http://127.0.0.1:" + restPort;
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        Dataset dataset = DatasetReaders.read(Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k")));
        ClickEventCodec codec = ClickEventCodec.movieLens(dataset.schema());

        String jobId = submit("killed");
        await("job " + jobId + " running", STEP, () -> allVerticesRunning(rest, jobId));
        AtomicLong released = new AtomicLong(0); // the gate: events past it wait (checked every 1,000 events)
        CompletableFuture<DatasetReplayer.Result> replay = CompletableFuture.supplyAsync(() ->
                DatasetReplayer.replay(dataset, codec, ReplayOrder.EVENT_TIME, kafka, "clicks", TOTAL, n -> hold(n, released)));

        List<Double> recoveries = new ArrayList<>();
        long[] killedAtCommitted = new long[KILLS];
        for (int k = 0; k < KILLS; k++) {
            int kill = k;
            // a spare TaskManager first, so the recovery measures Flink's failover rather than a JVM start
            Scripts.ok(STEP, LOG, "cluster-local.sh", "add-taskmanager", "--work-dir", WORK.toString());
            released.set(killAt[k] + AHEAD); // events flow again only now, so the kill lands while they do
            await("committed predictions up to " + killAt[k], STEP, Duration.ofMillis(200), () -> committedEnd(kafka, "killed-predictions") >= killAt[kill]);
            Thread.sleep(delayMs[k]);
            assertThat(jobState(rest, jobId)).isEqualTo("RUNNING");
            long before = committedEnd(kafka, "killed-predictions");
            // counted, not the end offset: aborted transactions of earlier kills and commit markers take offsets too
            assertThat(CommittedRecords.readAll(kafka, "killed-predictions", Duration.ofSeconds(30)))
                    .as("kill %d lands mid-stream", k + 1).hasSizeLessThan(TOTAL);
            // the TaskManager the trainer runs on (under load a missed heartbeat can already have moved the job)
            String victim = trainerTaskManager(rest, jobId);
            String killed = Scripts.ok(Duration.ofSeconds(30), LOG, "cluster-local.sh", "kill-taskmanager", "--work-dir", WORK.toString(),
                    "--index", victim.substring(victim.lastIndexOf('-') + 1)).output();
            assertThat(killed).contains(victim).contains("SIGKILL");
            long killedAt = System.nanoTime();
            killedAtCommitted[k] = before;
            // fresh events after the restore, so a commit follows even if the job had committed all it was given
            released.set(Math.max(released.get(), before + 1000));
            await("a prediction committed after kill " + (k + 1), STEP, Duration.ofMillis(200),
                    () -> committedEnd(kafka, "killed-predictions") > before);
            recoveries.add((System.nanoTime() - killedAt) / 1e9);
            System.out.printf("TaskManagerLossIT: kill %d at %d committed predictions; recovered in %.1f s%n", k + 1, before, recoveries.get(k));
        }
        released.set(TOTAL);
        await("job " + jobId + " finished", STEP, () -> "FINISHED".equals(jobState(rest, jobId)));
        assertThat(replay.get(60, TimeUnit.SECONDS).produced()).isEqualTo(TOTAL);
        int restored = get(rest + "/jobs/" + jobId + "/checkpoints").at("/counts/restored").asInt();
        assertThat(restored).as("restores from a checkpoint").isGreaterThanOrEqualTo(KILLS);

        // the same job on the same input, uninterrupted
        String cleanId = submit("clean");
        await("job " + cleanId + " finished", STEP, () -> "FINISHED".equals(jobState(rest, cleanId)));

        // nothing lost, nothing twice
        List<String> clickIds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, "clicks", Duration.ofSeconds(60))) {
            Decoded d = codec.decode(r.value());
            assertThat(d.ok()).isTrue();
            clickIds.add(d.event().eventId());
        }
        assertThat(clickIds).hasSize(TOTAL).doesNotHaveDuplicates();
        List<Prediction> killedRun = predictions(kafka, "killed-predictions"), cleanRun = predictions(kafka, "clean-predictions");
        List<String> ids = killedRun.stream().map(Prediction::eventId).toList();
        int duplicates = ids.size() - new HashSet<>(ids).size();
        assertThat(duplicates).isZero();
        assertThat(ids).hasSize(TOTAL);
        assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(clickIds));
        assertThat(CommittedRecords.readAll(kafka, "killed-dead", Duration.ofSeconds(30))).isEmpty();

        // and the same run: predictions bit for bit, final model parameters bit for bit
        assertThat(killedRun.stream().map(TaskManagerLossIT::withoutSource).toList())
                .containsExactlyElementsOf(cleanRun.stream().map(TaskManagerLossIT::withoutSource).toList());
        GprecModel a = lastSnapshot("clean"), b = lastSnapshot("killed");
        assertThat(b.step()).isEqualTo(a.step()).isEqualTo((TOTAL + 63) / 64);
        long[] sa = ModelSnapshotTestAccess.fullState(a), sb = ModelSnapshotTestAccess.fullState(b);
        assertThat(sb.length).isEqualTo(sa.length).isGreaterThan(ModelSnapshotTestAccess.parameters(a).length);
        assertThat(Arrays.mismatch(sa, sb)).as("first differing value of the final models' state (-1: none)").isEqualTo(-1);

        FaultReport.write("tm-loss", String.format(
                "events in %,d; %d × kill -9 of the TaskManager (seed %d: kill points %s, killed at %s committed predictions); predictions out %,d "
                        + "(read_committed, ids = input ids); dead letters 0; duplicates %d; restores from checkpoint %d; recovery %s s "
                        + "(kill → first new committed prediction; a spare TaskManager was up); final model snapshot: %,d values "
                        + "(dense parameters, Adam state, embedding rows, step, generator) bit-identical to an uninterrupted run's, predictions identical (ids, order, score bits); outcome PASS",
                TOTAL, KILLS, seed, Arrays.toString(killAt), Arrays.toString(killedAtCommitted), ids.size(), duplicates, restored,
                recoveries.stream().map(r -> String.format("%.1f", r)).collect(Collectors.joining(", ")), sa.length));
    }

    private String submit(String name) throws Exception {
        String id = Scripts.ok(STEP, LOG, "submit.sh", "--rest", "http://127.0.0.1:" + restPort, "--parallelism", "1", "--",
                "--gprec.kafka.clicks-topic", "clicks", "--gprec.kafka.predictions-topic", name + "-predictions",
                "--gprec.kafka.metrics-topic", name + "-metrics", "--gprec.kafka.dead-letter-topic", name + "-dead",
                "--gprec.kafka.group-id", name, "--gprec.kafka.transactional-id-prefix", name,
                "--gprec.kafka.bounded", "true", "--gprec.kafka.stop-at-offset", Integer.toString(TOTAL),
                "--gprec.trainer.batch-size", "64", "--gprec.trainer.max-wait", "0 ms", "--gprec.trainer.seed", "42",
                "--gprec.trainer.groups", "8", "--gprec.metrics.every", "1000",
                "--gprec.trainer.snapshot-dir", WORK.resolve(name + "-snapshots").toString()).lastLine();
        assertThat(id).matches("[0-9a-f]{32}");
        return id;
    }

    /** The resource id ("taskmanager-N") of the TaskManager running the trainer's subtask. */
    private static String trainerTaskManager(String rest, String jobId) throws Exception {
        for (var v : get(rest + "/jobs/" + jobId).get("vertices")) {
            if (v.get("name").asText().contains("gprec-trainer")) {
                String tm = get(rest + "/jobs/" + jobId + "/vertices/" + v.get("id").asText()).at("/subtasks/0/taskmanager-id").asText();
                assertThat(tm).as("the trainer's TaskManager").matches("taskmanager-[0-9]+");
                return tm;
            }
        }
        throw new AssertionError("job " + jobId + " has no gprec-trainer vertex");
    }

    /** Replay progress (every 1,000 events): 1,000 events/s, never past what the test has released. */
    private static void hold(long n, AtomicLong released) {
        try {
            if (n >= TOTAL) return; // the final call, after the flush
            Thread.sleep(1000);
            while (n >= released.get()) Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String withoutSource(Prediction p) {
        return p.eventId() + " " + p.label() + " " + Double.doubleToRawLongBits(p.score()) + " " + p.modelVersion() + " " + p.group();
    }

    private static List<Prediction> predictions(Properties kafka, String topic) {
        List<Prediction> out = new ArrayList<>();
        for (var r : CommittedRecords.readAll(kafka, topic, Duration.ofSeconds(60))) out.add(OutputCodec.decodePrediction(r.value()));
        return out;
    }

    /** The last stable offset (read_committed end) of a one-partition topic. */
    private static long committedEnd(Properties kafka, String topic) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put("isolation.level", "read_committed");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static GprecModel lastSnapshot(String name) throws IOException {
        try (var files = Files.list(WORK.resolve(name + "-snapshots"))) {
            Path last = files.filter(f -> f.toString().endsWith(".gprec")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            return ModelSnapshot.read(last).model();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
