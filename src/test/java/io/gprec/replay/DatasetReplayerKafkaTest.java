package io.gprec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetReaders;
import io.gprec.data.Interaction;
import io.gprec.kafka.LocalKafka;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replays into a real in-process broker; one broker for the class because starting it is the slow part. */
@Timeout(60)
class DatasetReplayerKafkaTest {

    private static final Path ML_100K = Path.of("../shared/datasets/ml-100k");
    private static final Duration POLL_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void replaysAllOfMovieLens100kInEventTimeOrder() {
        Assumptions.assumeTrue(Files.isDirectory(ML_100K), "ML-100K not found at " + ML_100K.toAbsolutePath());
        Dataset ml = DatasetReaders.read(ML_100K);
        ClickEventCodec codec = ClickEventCodec.movieLens(ml.schema());
        String topic = "ml-100k-clicks";
        kafka.createTopic(topic, 2);

        List<Long> progress = new ArrayList<>();
        DatasetReplayer.Result result = DatasetReplayer.replay(ml, codec, ReplayOrder.EVENT_TIME,
                kafka.clientProperties(), topic, 0, progress::add);
        System.out.printf("Replayed %d ML-100K records in %.2f s (%.0f records/s)%n",
                result.produced(), result.seconds(), result.recordsPerSecond());

        assertThat(result.produced()).isEqualTo(100_000);
        assertThat(progress).hasSize(100).isSorted().endsWith(100_000L);
        assertThat(progress.get(0)).isEqualTo(1_000L);

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
        assertThat(records).hasSize(100_000);

        List<Interaction> expected = DatasetReplayer.ordered(ml, ReplayOrder.EVENT_TIME);
        Set<String> eventIds = new HashSet<>();
        Map<TopicPartition, Long> lastIndex = new HashMap<>();
        Map<String, Long> lastTimeByUser = new HashMap<>();
        Map<String, Integer> partitionByUser = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) { // readAll keeps each partition's order
            Decoded d = codec.decode(r.value());
            assertThat(d.ok()).as("decode of %s: %s", r, d.rejection()).isTrue();
            ClickEvent e = d.event();
            assertThat(eventIds.add(e.eventId())).as("duplicate event id %s", e.eventId()).isTrue();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.userId());
            assertThat(partitionByUser.putIfAbsent(e.userId(), r.partition())).isIn(null, r.partition());

            // The id carries the replay index: the event is that interaction, and a partition's indices rise.
            long index = Long.parseLong(e.eventId().substring("ml-100k-".length()));
            assertThat(e).isEqualTo(codec.fromInteraction(e.eventId(), expected.get((int) index)));
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            assertThat(index).isGreaterThan(lastIndex.getOrDefault(tp, -1L));
            lastIndex.put(tp, index);

            Long previous = lastTimeByUser.put(e.userId(), e.eventTimeMillis());
            if (previous != null) {
                assertThat(e.eventTimeMillis()).as("event time of user %s", e.userId()).isGreaterThanOrEqualTo(previous);
            }
        }
        assertThat(eventIds).hasSize(100_000);
        assertThat(lastIndex).hasSize(2); // both partitions got records
    }

    @Test
    void limitProducesOnlyThatMany() {
        List<Interaction> rows = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            rows.add(DatasetReplayerOrderTest.row(Integer.toString(i % 4), Integer.toString(i), 1_000 - i));
        }
        Dataset tiny = DatasetReplayerOrderTest.dataset(rows);
        ClickEventCodec codec = ClickEventCodec.movieLens(tiny.schema());
        String topic = "limited";
        kafka.createTopic(topic, 2);

        List<Long> progress = new ArrayList<>();
        DatasetReplayer.Result result = DatasetReplayer.replay(tiny, codec, ReplayOrder.EVENT_TIME,
                kafka.clientProperties(), topic, 10, progress::add);

        assertThat(result.produced()).isEqualTo(10);
        assertThat(progress).containsExactly(10L);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
        // The first 10 in event-time order, which are the last 10 rows of the file.
        assertThat(records.stream().map(r -> codec.decode(r.value()).event().eventId()).collect(Collectors.toSet()))
                .isEqualTo(Set.of("tiny-000000000", "tiny-000000001", "tiny-000000002", "tiny-000000003",
                        "tiny-000000004", "tiny-000000005", "tiny-000000006", "tiny-000000007",
                        "tiny-000000008", "tiny-000000009"));
        assertThat(records.stream().map(r -> codec.decode(r.value()).event().itemId()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("15", "16", "17", "18", "19", "20", "21", "22", "23", "24");
    }

    @Test
    void sendErrorNamesTheTopic() {
        Dataset tiny = DatasetReplayerOrderTest.dataset(List.of(DatasetReplayerOrderTest.row("1", "2", 3)));
        Properties props = kafka.clientProperties();
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000"); // auto-creation is off: metadata never comes

        assertThatThrownBy(() -> DatasetReplayer.replay(tiny, ClickEventCodec.movieLens(tiny.schema()),
                ReplayOrder.FILE, props, "no-such-topic", 0, null))
                .isInstanceOf(ReplayException.class)
                .hasMessageContaining("topic 'no-such-topic'")
                .hasMessageContaining("0 of 1 records acknowledged")
                .hasMessageContaining("first error");
    }

    /** Every record of the topic, partition by partition, each partition in offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = kafka.clientProperties();
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
            while (!tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    int got = byPartition.values().stream().mapToInt(List::size).sum();
                    throw new AssertionError("did not reach the end offsets " + end + " of " + topic + " within "
                            + POLL_DEADLINE.toSeconds() + " s; got " + got + " records");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        byPartition.keySet().stream().sorted().forEach(k -> all.addAll(byPartition.get(k)));
        return all;
    }
}
