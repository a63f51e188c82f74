package io.gprec.stream;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetSchema;
import io.gprec.data.FeatureKeys;
import io.gprec.data.Interaction;
import io.gprec.kafka.LocalKafka;
import io.gprec.model.Batch;
import io.gprec.model.FieldLayout;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.offline.EncodedExamples;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming job end to end, against a real Kafka broker and a Flink MiniCluster. */
class GprecJobIT {
    private static final int EVENTS = 1500, BAD = 37, BATCH = 64;

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static DatasetSchema schema = DatasetReaders.movieLensSchema();
    static List<ClickEvent> events = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndProduce() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        kafka.createTopic("clicks", 1);
        ClickEventCodec codec = ClickEventCodec.movieLens(schema);
        Random rnd = new Random(3);
        String[] genders = {"M", "F"}, genres = {"Comedy", "Drama", "Action|Thriller"};
        for (int i = 0; i < EVENTS; i++) {
            int user = rnd.nextInt(40), movie = rnd.nextInt(60);
            int label = ((user % 3) == (movie % 3)) == (rnd.nextDouble() < 0.85) ? 1 : 0;
            String[] values = {Integer.toString(user), genders[user % 2], "25", "writer", "554", Integer.toString(movie),
                    genres[movie % 3], "1995"};
            events.add(codec.fromInteraction(String.format("e-%05d", i), new Interaction(values, label, 880_000_000L + i)));
        }
        Properties p = kafka.clientProperties();
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                ClickEvent e = events.get(i);
                producer.send(new ProducerRecord<>("clicks", codec.key(e), codec.encode(e)));
                if (i % (EVENTS / BAD) == 0 && i / (EVENTS / BAD) < BAD) {
                    producer.send(new ProducerRecord<>("clicks", null, ("{\"bad\": " + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    static Configuration conf(String prefix) {
        for (String t : List.of("predictions", "metrics", "dead")) kafka.createTopic(prefix + "-" + t, 1);
        Configuration c = TestJobConf.of(kafka.bootstrapServers(), "clicks", prefix, prefix, dir, "1 s");
        c.set(KafkaOptions.BOUNDED, true);
        c.set(TrainerOptions.BATCH_SIZE, BATCH);
        c.set(TrainerOptions.MAX_WAIT, Duration.ofMillis(200));
        c.set(TrainerOptions.GROUPS, 6);
        c.set(TrainerOptions.METRICS_EVERY, 500);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyEventGetsExactlyOnePredictionOrDeadLetterAndPredictionsComeBeforeTraining() throws Exception {
        Configuration c = conf("run1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(1);
        GprecJob.build(env, c, schema);
        env.execute("gprec-it");

        List<Prediction> predictions = new ArrayList<>();
        for (var r : readAll("run1-predictions")) predictions.add(OutputCodec.decodePrediction(r.value()));
        List<ConsumerRecord<byte[], byte[]>> dead = readAll("run1-dead");
        assertThat(dead).hasSize(BAD);
        assertThat(predictions).hasSize(EVENTS);
        Set<String> ids = new HashSet<>();
        for (Prediction p : predictions) ids.add(p.eventId());
        assertThat(ids).hasSize(EVENTS);
        for (var d : dead) assertThat(io.gprec.kafka.DeadLetterRecords.fromRecord(d).code()).isEqualTo("NOT_JSON");
        assertThat(readAll("run1-metrics")).isNotEmpty();

        // the same batches, replayed on the model core: predict-then-train reproduces every score,
        // train-then-predict does not
        GprecConfig config = GprecConfig.builder().groups(6).seed(42).build();
        FieldLayout layout = EncodedExamples.layoutOf(schema);
        GprecModel testFirst = new GprecModel(config, layout), trainFirst = new GprecModel(config, layout);
        int mismatchesTrainFirst = 0;
        // checkpoints flush partial batches, so take the batch boundaries from the model version each prediction carries
        int from = 0;
        while (from < EVENTS) {
            long version = predictions.get(from).modelVersion();
            int n = 0;
            while (from + n < EVENTS && predictions.get(from + n).modelVersion() == version) n++;
            assertThat(version).isEqualTo(testFirst.step());
            Batch b = batch(from, n);
            double[] expected = new double[n], wrong = new double[n];
            testFirst.predict(b, expected);
            testFirst.train(b);
            trainFirst.train(b);
            trainFirst.predict(b, wrong);
            for (int i = 0; i < n; i++) {
                Prediction p = predictions.get(from + i);
                assertThat(p.eventId()).isEqualTo(events.get(from + i).eventId());
                assertThat(p.score()).as("score of %s", p.eventId()).isEqualTo(expected[i]);
                if (p.score() != wrong[i]) mismatchesTrainFirst++;
            }
            assertThat(n).isLessThanOrEqualTo(BATCH);
            from += n;
        }
        assertThat(mismatchesTrainFirst).isEqualTo(EVENTS);
    }

    /**
     * A non-MLP backbone through the whole job: chosen by gprec.trainer.backbone, every event scored
     * exactly as the model core scores the same batches, the snapshots and metrics records naming it.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theJobTrainsTheBackboneItsConfigNames() throws Exception {
        Configuration c = conf("gdcn");
        c.set(TrainerOptions.BACKBONE, io.gprec.model.BackboneKind.GDCN);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(1);
        GprecJob.build(env, c, schema);
        env.execute("gprec-it-gdcn");

        List<Prediction> predictions = new ArrayList<>();
        for (var r : readAll("gdcn-predictions")) predictions.add(OutputCodec.decodePrediction(r.value()));
        assertThat(predictions).hasSize(EVENTS);
        GprecModel replay = new GprecModel(GprecConfig.builder().backbone(io.gprec.model.BackboneKind.GDCN).groups(6).seed(42).build(),
                EncodedExamples.layoutOf(schema));
        for (int from = 0; from < EVENTS; ) {
            long version = predictions.get(from).modelVersion();
            int n = 0;
            while (from + n < EVENTS && predictions.get(from + n).modelVersion() == version) n++;
            double[] expected = new double[n];
            Batch b = batch(from, n);
            replay.predict(b, expected);
            replay.train(b);
            for (int i = 0; i < n; i++) assertThat(predictions.get(from + i).score()).isEqualTo(expected[i]);
            from += n;
        }
        try (var files = java.nio.file.Files.list(dir.resolve("gdcn-snapshots"))) {
            Path last = files.filter(f -> f.toString().endsWith(".gprec")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            var loaded = io.gprec.model.ModelSnapshot.read(last);
            assertThat(loaded.model().config().backbone).isEqualTo(io.gprec.model.BackboneKind.GDCN);
            assertThat(loaded.provenance().get("backbone")).isEqualTo("GDCN");
        }
        assertThat(readAll("gdcn-metrics")).isNotEmpty()
                .allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"model\":\"gprec-gdcn\""));
    }

    /**
     * Killed after K events and restored from its last checkpoint, a run ends with exactly the
     * model of an uninterrupted run, and its committed output has every event once, with the
     * same scores.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRunRestoredAfterAFailureEndsWithTheModelOfAnUninterruptedRun() throws Exception {
        Configuration clean = conf("clean");
        clean.set(TrainerOptions.MAX_WAIT, Duration.ZERO);
        Configuration failing = conf("failing");
        failing.set(TrainerOptions.MAX_WAIT, Duration.ZERO);
        failing.set(TrainerOptions.FAIL_AFTER_EVENTS, 900L);
        failing.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        failing.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        failing.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        int failuresBefore = GprecTrainerOperator.INJECTED_FAILURES.get();
        for (Configuration c : List.of(clean, failing)) {
            c.setString("execution.checkpointing.interval", "300 ms");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
            env.setParallelism(1);
            GprecJob.build(env, c, schema);
            env.execute("gprec-it-" + c.get(KafkaOptions.GROUP_ID));
        }
        assertThat(GprecTrainerOperator.INJECTED_FAILURES.get()).isEqualTo(failuresBefore + 1);
        List<Prediction> a = new ArrayList<>(), b = new ArrayList<>();
        for (var r : readAll("clean-predictions")) a.add(OutputCodec.decodePrediction(r.value()));
        for (var r : readAll("failing-predictions")) b.add(OutputCodec.decodePrediction(r.value()));
        assertThat(a).hasSize(EVENTS);
        assertThat(b).containsExactlyElementsOf(a);

        GprecModel modelA = lastSnapshot("clean"), modelB = lastSnapshot("failing");
        assertThat(modelB.step()).isEqualTo(modelA.step()).isEqualTo((EVENTS + BATCH - 1) / BATCH);
        assertThat(io.gprec.model.ModelSnapshotTestAccess.parameters(modelB))
                .containsExactly(io.gprec.model.ModelSnapshotTestAccess.parameters(modelA));
    }

    private static GprecModel lastSnapshot(String prefix) throws Exception {
        try (var files = java.nio.file.Files.list(dir.resolve(prefix + "-snapshots"))) {
            Path last = files.filter(f -> f.toString().endsWith(".gprec")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            return io.gprec.model.ModelSnapshot.read(last).model();
        }
    }

    private static Batch batch(int from, int n) {
        int fields = schema.size();
        long[] keys = new long[n * fields];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            ClickEvent e = events.get(from + i);
            for (int f = 0; f < fields; f++) keys[i * fields + f] = FeatureKeys.key(f, e.values()[f]);
            labels[i] = e.label();
        }
        return new Batch(n, fields, keys, labels);
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return io.gprec.kafka.CommittedRecords.readAll(kafka.clientProperties(), topic, Duration.ofSeconds(60));
    }
}
