package io.gprec.stream;

import io.gprec.kafka.LocalKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feedback reader against a real broker: chunked updates over Kafka's record limit, and what each delivery mode does with a broken one. */
class FeedbackReaderIT {
    @TempDir
    static Path dir;
    static LocalKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    private static byte[] update(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes records as the at-least-once sync sink does: no transaction, one partition, in order. */
    private static void write(String topic, List<byte[]> records) throws Exception {
        Properties p = kafka.clientProperties();
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] r : records) producer.send(new ProducerRecord<>(topic, 0, null, r)).get();
        }
    }

    private static List<FeedbackReader.Update> readUntil(FeedbackReader reader, int updates) {
        List<FeedbackReader.Update> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < updates && System.nanoTime() < deadline) out.addAll(reader.poll(Duration.ofMillis(100)));
        return out;
    }

    @Test
    void anUpdateOverTheRecordLimitArrivesWholeWithoutATransaction() throws Exception {
        kafka.createTopic("fb-big", 1);
        byte[] big = update(3_700_000, 1); // the dense parameters at G = 60
        List<byte[]> chunks = FeedbackReader.chunks(big);
        assertThat(chunks).hasSize(5);
        write("fb-big", chunks);
        try (FeedbackReader reader = new FeedbackReader(kafka.bootstrapServers(), new Properties(), "fb-big", false)) {
            assertThat(reader.endOffset()).isEqualTo(5);
            reader.seek(0);
            List<FeedbackReader.Update> got = readUntil(reader, 1);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).isEqualTo(big);
            assertThat(got.get(0).nextOffset()).isEqualTo(5);
            assertThat(reader.skippedChunks()).isZero();
        }
    }

    /**
     * A writer that failed after two of an update's three chunks, then a whole update: at-least-once skips the broken
     * one (its round comes again, or the replicas moved past it); exactly-once calls the topic corrupt, since a
     * transaction never leaves half an update visible.
     */
    @Test
    void aBrokenUpdateIsSkippedAtLeastOnceAndRefusedExactlyOnce() throws Exception {
        kafka.createTopic("fb-broken", 1);
        byte[] first = update(2 * FeedbackReader.CHUNK + 10, 2), second = update(FeedbackReader.CHUNK + 10, 3);
        List<byte[]> records = new ArrayList<>(FeedbackReader.chunks(first).subList(0, 2));
        records.addAll(FeedbackReader.chunks(second));
        write("fb-broken", records);
        try (FeedbackReader reader = new FeedbackReader(kafka.bootstrapServers(), new Properties(), "fb-broken", false)) {
            reader.seek(0);
            List<FeedbackReader.Update> got = readUntil(reader, 1);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).value()).isEqualTo(second);
            assertThat(got.get(0).nextOffset()).isEqualTo(4);
            assertThat(reader.skippedChunks()).isEqualTo(2);
        }
        try (FeedbackReader strict = new FeedbackReader(kafka.bootstrapServers(), new Properties(), "fb-broken", true)) {
            strict.seek(0);
            assertThatThrownBy(() -> readUntil(strict, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chunk 0 of 2, expected chunk 2");
        }
    }

    @Test
    void aTopicWithMoreThanOnePartitionIsRefused() {
        kafka.createTopic("fb-two", 2);
        assertThatThrownBy(() -> new FeedbackReader(kafka.bootstrapServers(), new Properties(), "fb-two", false))
                .hasMessage("gprec.sync.topic: topic 'fb-two' must have exactly 1 partition, has 2");
    }
}
