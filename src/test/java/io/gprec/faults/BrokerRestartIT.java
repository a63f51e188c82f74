package io.gprec.faults;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.kafka.CommittedRecords;
import io.gprec.kafka.LocalKafka;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import io.gprec.stream.event.OutputCodec;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault 2, broker restart: while the job consumes a paced ML-100K replay, the Kafka broker is shut down for 30 s
 * and started again on the same ports and log dirs. The job must recover by itself (failing over to its last
 * checkpoint is allowed) and its committed (read_committed) predictions must be the replayed events, each exactly
 * once. Measured: the recovery time, from the broker being back to the first prediction committed after it.
 */
class BrokerRestartIT {
    /** Replayed at once; the rest is paced at 1,000 events/s and keeps coming (into the producer's buffer) while the broker is down. */
    private static final int FIRST = 4000, TOTAL = 20_000;
    private static final Duration DOWN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void theJobRidesOutABrokerRestartWithEveryEventPredictedExactlyOnce() throws Exception {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        Dataset dataset = DatasetReaders.read(data);
        ClickEventCodec codec = ClickEventCodec.movieLens(dataset.schema());

        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
        LocalKafka restarted = null;
        try {
            for (String t : List.of("clicks", "broker-predictions", "broker-metrics", "broker-dead")) kafka.createTopic(t, 1);
            Properties props = kafka.clientProperties();
            try (MiniClusterJob job = MiniClusterJob.submit(
                    MiniClusterJob.jobConf(kafka.bootstrapServers(), "clicks", "broker", TOTAL, dir), codec, "broker-restart")) {
                Properties replayProps = kafka.clientProperties();
                replayProps.put("delivery.timeout.ms", "300000");
                CompletableFuture<DatasetReplayer.Result> replay = CompletableFuture.supplyAsync(() -> DatasetReplayer.replay(
                        dataset, codec, ReplayOrder.EVENT_TIME, replayProps, "clicks", TOTAL, BrokerRestartIT::pace));

                // mid-stream: some predictions committed, most of the stream still to come
                long before = await("the first committed predictions", Duration.ofSeconds(180), props, 2);
                assertThat(before).isLessThan(TOTAL);
                kafka.close();
                long stoppedAt = System.nanoTime();
                Thread.sleep(DOWN.toMillis()); // the fault: no broker for 30 s
                restarted = kafka.startAgain();
                long backAt = System.nanoTime();
                assertThat(restarted.bootstrapServers()).isEqualTo(kafka.bootstrapServers());

                // recovery: the first prediction committed after the broker is back
                long baseline = await("the broker answering", Duration.ofSeconds(60), props, 0);
                await("a prediction committed after the restart", Duration.ofSeconds(240), props, baseline + 1);
                double recoverySeconds = (System.nanoTime() - backAt) / 1e9;

                MiniClusterJob.Outcome outcome = job.await(Duration.ofSeconds(300));
                assertThat(outcome.state()).isEqualTo(JobStatus.FINISHED);
                assertThat(replay.get(60, TimeUnit.SECONDS).produced()).isEqualTo(TOTAL);

                // exactly once: the committed predictions are the replayed events, each once
                List<String> clickIds = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(props, "clicks", Duration.ofSeconds(60))) {
                    Decoded d = codec.decode(r.value());
                    assertThat(d.ok()).isTrue();
                    clickIds.add(d.event().eventId());
                }
                assertThat(clickIds).hasSize(TOTAL).doesNotHaveDuplicates();
                List<String> predicted = new ArrayList<>();
                for (var r : CommittedRecords.readAll(props, "broker-predictions", Duration.ofSeconds(60))) {
                    predicted.add(OutputCodec.decodePrediction(r.value()).eventId());
                }
                int duplicates = predicted.size() - new HashSet<>(predicted).size();
                assertThat(duplicates).isZero();
                assertThat(predicted).hasSize(TOTAL);
                assertThat(new HashSet<>(predicted)).isEqualTo(new HashSet<>(clickIds));
                int dead = CommittedRecords.readAll(props, "broker-dead", Duration.ofSeconds(30)).size();
                assertThat(dead).isZero();

                FaultReport.write("broker-restart", String.format(
                        "events in %,d; broker down %d s after %,d committed predictions; predictions out %,d (read_committed, ids = input ids); "
                                + "dead letters %d; duplicates %d; restarts %d (restored checkpoints %d); recovery %.1f s (broker back → first new "
                                + "committed prediction); job %.0f s; outcome PASS",
                        TOTAL, (backAt - stoppedAt) / 1_000_000_000L, before, predicted.size(), dead, duplicates, outcome.restarts(),
                        outcome.restoredCheckpoints(), recoverySeconds, outcome.seconds()));
            }
        } finally {
            kafka.close();
            if (restarted != null) restarted.close();
        }
    }

    /** Replay progress (every 1,000 events): all at once up to FIRST, then 1,000 events/s. */
    private static void pace(long n) {
        if (n < FIRST || n >= TOTAL) return;
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the predictions topic's committed end (read_committed end offset) reaches {@code atLeast}; returns it. */
    private static long await(String what, Duration timeout, Properties props, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong end = committedEnd(props);
            if (end.isPresent() && end.getAsLong() >= atLeast) return end.getAsLong();
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + timeout);
    }

    /** The last stable offset of the predictions topic, or empty while the broker does not answer. */
    private static OptionalLong committedEnd(Properties props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put("isolation.level", "read_committed");
        p.put("default.api.timeout.ms", "2000");
        p.put("request.timeout.ms", "2000");
        TopicPartition tp = new TopicPartition("broker-predictions", 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return OptionalLong.of(c.endOffsets(List.of(tp)).get(tp));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return OptionalLong.empty();
        }
    }
}
