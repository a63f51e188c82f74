package io.gprec.faults;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.kafka.CommittedRecords;
import io.gprec.kafka.DeadLetterRecords;
import io.gprec.kafka.LocalKafka;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.ModelSnapshotTestAccess;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.DeadLetter;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 1, bad input: the full ML-100K stream (replayed with the project's replayer) with 10,000 malformed records
 * mixed in ({@link MalformedRecords}: not JSON, truncated, wrong types, missing fields, label not 0/1, NaN/Infinity,
 * negative or enormous ids, 1 MB strings, unknown fields, duplicated keys, invalid UTF-8, ...). The job must never
 * restart, put every malformed record in the dead-letter topic with its reason and its original bytes, and predict
 * the valid records exactly as a run on the clean stream does: same event ids in the same order, bit-identical scores.
 */
class BadInputIT {
    private static final int BAD = 10_000;

    @TempDir
    static Path dir;

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void malformedRecordsBecomeDeadLettersAndTheValidOnesArePredictedAsInACleanRun() throws Exception {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        Dataset dataset = DatasetReaders.read(data);
        ClickEventCodec codec = ClickEventCodec.movieLens(dataset.schema());
        int valid = dataset.interactions().size();

        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            for (String t : List.of("clean-clicks", "dirty-clicks", "clean-predictions", "clean-metrics", "clean-dead",
                    "dirty-predictions", "dirty-metrics", "dirty-dead")) {
                kafka.createTopic(t, 1);
            }
            Properties props = kafka.clientProperties();
            DatasetReplayer.replay(dataset, codec, ReplayOrder.EVENT_TIME, props, "clean-clicks", 0, null);

            // the same replay, with the malformed records sent by a second producer as it goes (100 per 1,000 events)
            List<ClickEvent> templates = new ArrayList<>();
            for (int i = 0; i < 1000; i++) templates.add(codec.fromInteraction("t" + i, dataset.interactions().get(i * 97)));
            List<MalformedRecords.Bad> bad = new MalformedRecords(codec, templates, 2026).take(BAD);
            Properties badProps = kafka.clientProperties();
            badProps.put("max.request.size", Integer.toString(2 * 1024 * 1024));
            badProps.put("enable.idempotence", "true");
            try (KafkaProducer<byte[], byte[]> badProducer = new KafkaProducer<>(badProps, new ByteArraySerializer(), new ByteArraySerializer())) {
                int[] sent = {0};
                DatasetReplayer.replay(dataset, codec, ReplayOrder.EVENT_TIME, props, "dirty-clicks", 0, n -> {
                    int upTo = (int) Math.min(BAD, n * BAD / valid);
                    for (; sent[0] < upTo; sent[0]++) badProducer.send(new ProducerRecord<>("dirty-clicks", bad.get(sent[0]).value()));
                });
                badProducer.flush();
                assertThat(sent[0]).isEqualTo(BAD);
            }

            MiniClusterJob.Outcome clean, dirty;
            try (MiniClusterJob job = MiniClusterJob.submit(MiniClusterJob.jobConf(kafka.bootstrapServers(), "clean-clicks", "clean", -1, dir), codec, "clean")) {
                clean = job.await(Duration.ofSeconds(180));
            }
            try (MiniClusterJob job = MiniClusterJob.submit(MiniClusterJob.jobConf(kafka.bootstrapServers(), "dirty-clicks", "dirty", -1, dir), codec, "dirty")) {
                dirty = job.await(Duration.ofSeconds(180));
            }
            assertThat(clean.state()).isEqualTo(JobStatus.FINISHED);
            assertThat(dirty.state()).isEqualTo(JobStatus.FINISHED);
            assertThat(dirty.restarts()).as("restarts of the job fed bad input").isZero();
            assertThat(dirty.restoredCheckpoints()).isZero();

            // every input record is exactly one prediction or one dead letter
            List<ConsumerRecord<byte[], byte[]>> input = CommittedRecords.readAll(props, "dirty-clicks", Duration.ofSeconds(120));
            assertThat(input).hasSize(valid + BAD);
            List<Prediction> dirtyPredictions = predictions(props, "dirty-predictions");
            List<DeadLetter> letters = new ArrayList<>();
            for (var r : CommittedRecords.readAll(props, "dirty-dead", Duration.ofSeconds(120))) letters.add(DeadLetterRecords.fromRecord(r));
            assertThat(letters).hasSize(BAD);
            int[] seen = new int[input.size()];
            for (Prediction p : dirtyPredictions) seen[offset(p.source())]++;
            for (DeadLetter d : letters) {
                int at = offset(d.source());
                seen[at]++;
                // the original bytes, exactly as they are in the clicks topic (null for a tombstone)
                assertThat(d.original()).as("dead letter of %s", d.source()).isEqualTo(input.get(at).value());
                assertThat(d.message()).isNotBlank();
                assertThat(d.timestampMillis()).isEqualTo(input.get(at).timestamp());
            }
            for (int i = 0; i < seen.length; i++) assertThat(seen[i]).as("outputs of input offset %d", i).isEqualTo(1);

            // each malformed record has the reason of its kind; they were really mixed into the stream
            Map<ByteBuffer, List<String>> expected = new HashMap<>();
            for (MalformedRecords.Bad b : bad) expected.computeIfAbsent(key(b.value()), k -> new ArrayList<>()).add(b.expectedCode());
            Map<String, Integer> byCode = new TreeMap<>();
            int runs = 0, last = -2;
            for (DeadLetter d : letters) {
                List<String> codes = expected.get(key(d.original()));
                assertThat(codes).as("an injected record: %s", d.source()).isNotNull().contains(d.code());
                codes.remove(d.code());
                byCode.merge(d.code(), 1, Integer::sum);
                int at = offset(d.source());
                if (at != last + 1) runs++;
                last = at;
            }
            assertThat(runs).as("separate stretches of bad records in the stream").isGreaterThan(50);
            Map<String, Integer> byKind = new TreeMap<>();
            for (MalformedRecords.Bad b : bad) byKind.merge(b.kind() + " → " + b.expectedCode(), 1, Integer::sum);

            // the valid records: the clean run's predictions, bit for bit, in the same order
            List<Prediction> cleanPredictions = predictions(props, "clean-predictions");
            assertThat(cleanPredictions).hasSize(valid);
            assertThat(dirtyPredictions).hasSize(valid);
            List<String> a = cleanPredictions.stream().map(BadInputIT::withoutSource).toList();
            List<String> b = dirtyPredictions.stream().map(BadInputIT::withoutSource).toList();
            assertThat(b).containsExactlyElementsOf(a);
            assertThat(CommittedRecords.readAll(props, "clean-dead", Duration.ofSeconds(30))).isEmpty();
            // and the same final model (the snapshot of the last checkpoint, at the end of the input)
            long[] cleanModel = ModelSnapshotTestAccess.fullState(lastSnapshot("clean"));
            assertThat(ModelSnapshotTestAccess.fullState(lastSnapshot("dirty"))).isEqualTo(cleanModel);

            FaultReport.write("bad-input", String.format(
                    "events in %,d (%,d valid + %,d malformed); predictions out %,d, identical to the clean run's (ids, order, score bits), same final model; "
                            + "dead letters %,d (%s); duplicates 0; restarts %d; job %.0f s (clean run %.0f s); outcome PASS; kinds: %s",
                    input.size(), valid, BAD, dirtyPredictions.size(), letters.size(), byCode, dirty.restarts(), dirty.seconds(),
                    clean.seconds(), byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        }
    }

    private static GprecModel lastSnapshot(String prefix) throws java.io.IOException {
        try (var files = Files.list(dir.resolve(prefix + "-snapshots"))) {
            Path last = files.filter(f -> f.toString().endsWith(".gprec")).max(java.util.Comparator.naturalOrder()).orElseThrow();
            return ModelSnapshot.read(last).model();
        }
    }

    private static String withoutSource(Prediction p) {
        return p.eventId() + " " + p.userId() + " " + p.itemId() + " " + p.label() + " " + Double.doubleToRawLongBits(p.score())
                + " " + p.modelVersion() + " " + p.eventTimeMillis() + " " + p.group();
    }

    private static List<Prediction> predictions(Properties props, String topic) {
        List<Prediction> out = new ArrayList<>();
        for (var r : CommittedRecords.readAll(props, topic, Duration.ofSeconds(120))) out.add(OutputCodec.decodePrediction(r.value()));
        return out;
    }

    private static ByteBuffer key(byte[] value) {
        return value == null ? ByteBuffer.allocate(0).asReadOnlyBuffer() : ByteBuffer.wrap(value);
    }

    /** "topic/partition/offset" → offset (one partition). */
    private static int offset(String source) {
        return Integer.parseInt(source.substring(source.lastIndexOf('/') + 1));
    }
}
