package io.gprec.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One real broker for the whole class: starting it is the expensive part. */
@Timeout(60)
class LocalKafkaTest {

    private static final Duration POLL_DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        long t0 = System.nanoTime();
        kafka = LocalKafka.start(dataDir);
        System.out.printf("LocalKafka started in %d ms at %s%n", (System.nanoTime() - t0) / 1_000_000, kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            long t0 = System.nanoTime();
            kafka.close();
            System.out.printf("LocalKafka closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(dataDir.resolve("logs").resolve("meta.properties")).exists();
        }
    }

    @Test
    void bindsLoopbackAndFormatsUnderDataDir() {
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(kafka.clientProperties().getProperty("bootstrap.servers")).isEqualTo(kafka.bootstrapServers());
        assertThat(Files.isRegularFile(dataDir.resolve("logs").resolve("meta.properties"))).isTrue();
    }

    @Test
    void createTopicIsIdempotentAndChecksPartitionCount() {
        kafka.createTopic("idem", 2);
        kafka.createTopic("idem", 2);
        assertThatThrownBy(() -> kafka.createTopic("idem", 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 partitions");
    }

    @Test
    void idempotentProducerToReadCommittedConsumer() {
        String topic = "clicks";
        kafka.createTopic(topic, 2);

        Properties pp = producerProps();
        pp.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "v" + i).collect(Collectors.toList());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < sent.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 7), sent.get(i)));
            }
            producer.flush();
        }

        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps("g-clicks", "read_committed"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(r.value());
                }
            }
            // Nothing beyond the 100: drain briefly up to the end offsets.
            drainToEnd(consumer, received, deadline);
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() {
        String topic = "tx";
        kafka.createTopic(topic, 2);

        Properties pp = producerProps();
        pp.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-test-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush(); // the aborted records really reach the log
            producer.abortTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "after-" + i));
            }
            producer.commitTransaction();
        }

        List<String> committed = readAll(topic, "read_committed");
        Set<String> expected = IntStream.range(0, 10).mapToObj(i -> "committed-" + i).collect(Collectors.toSet());
        IntStream.range(0, 5).mapToObj(i -> "after-" + i).forEach(expected::add);
        assertThat(committed).containsExactlyInAnyOrderElementsOf(expected);

        // The aborted records are in the log: read_uncommitted sees them.
        List<String> uncommitted = readAll(topic, "read_uncommitted");
        assertThat(uncommitted).hasSize(25).contains("aborted-0", "aborted-9");
    }

    /** Reads the topic from the beginning (assign, no group) until every partition's end offset. */
    private static List<String> readAll(String topic, String isolation) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(null, isolation))) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            drainToEnd(consumer, out, System.nanoTime() + POLL_DEADLINE.toNanos());
        }
        return out;
    }

    /**
     * Polls until the position of every assigned partition has reached its end offset (the last
     * stable offset under read_committed), or fails at the deadline.
     */
    private static void drainToEnd(KafkaConsumer<String, String> consumer, List<String> out, long deadline) {
        while (true) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (!assigned.isEmpty()) {
                Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
                if (assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Consumer did not reach the end offsets in time; got " + out.size() + " records");
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                out.add(r.value());
            }
        }
    }

    private static Properties producerProps() {
        Properties p = kafka.clientProperties();
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private static Properties consumerProps(String groupId, String isolation) {
        Properties p = kafka.clientProperties();
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (groupId != null) {
            p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return p;
    }

    @Test
    @Timeout(120)
    void startAgainAfterCloseServesTheSameDataOnTheSamePorts(@TempDir Path dir) throws Exception {
        LocalKafka first = LocalKafka.start(dir);
        LocalKafka again = null;
        try {
            first.createTopic("kept", 1);
            Properties p = first.clientProperties();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "before the restart")).get();
            }
            assertThatThrownBy(first::startAgain).isInstanceOf(IllegalStateException.class).hasMessageContaining("close()");
            first.close();
            again = first.startAgain();
            assertThat(again.bootstrapServers()).isEqualTo(first.bootstrapServers());
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(again.clientProperties(), "kept", POLL_DEADLINE)) {
                values.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(values).containsExactly("before the restart");
        } finally {
            first.close();
            if (again != null) again.close();
        }
    }
}
