package io.gprec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.data.SchemaFixtures;
import io.gprec.kafka.LocalKafka;
import io.gprec.stream.DataOptions;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gprec replay} end to end against a real in-process broker: what lands in the topic is what the job's
 * decoder reads. One broker for the class, a topic per test.
 */
@Timeout(120)
class ReplayCommandIT {

    /** ML-100K: next to the project, or where -Dgprec.ml100k points. */
    private static final Path ML_100K = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path brokerDir;
    private static LocalKafka kafka;

    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        originalErr.print(err.toString(StandardCharsets.UTF_8)); // keep it in the test log
    }

    @Test
    void movieLens100kLandsCompleteInEventTimeOrderPerUserAndDecodes() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ML_100K), "ML-100K not found at " + ML_100K.toAbsolutePath());
        Path report = tmp.resolve("report.json");
        int code = replay("--data-dir", ML_100K.toString(), "--topic", "ml100k", "--partitions", "3",
                "--report-json", report.toString());
        assertThat(code).as(stderr()).isEqualTo(0);

        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("produced").asLong()).isEqualTo(100_000);
        assertThat(r.path("bad_rows").asLong()).isZero();
        assertThat(r.path("layout").asText()).isEqualTo("ml-100k");
        assertThat(r.path("partitions").asInt()).isEqualTo(3);
        assertThat(r.path("events_per_second").asDouble()).isPositive();
        // HotSpot reports CPU time: the whole JVM's covers at least the sending thread's, which did real work.
        assertThat(r.path("send_thread_cpu_seconds").asDouble()).isPositive();
        assertThat(r.path("cpu_seconds").asDouble()).isGreaterThanOrEqualTo(r.path("send_thread_cpu_seconds").asDouble());
        assertThat(r.path("cpu_us_per_event").asDouble()).isPositive();

        List<ConsumerRecord<byte[], byte[]>> records = readAll("ml100k", 100_000);
        assertThat(records).hasSize(100_000);
        ClickEventCodec decoder = DataOptions.codec(new Configuration()); // the job's default decoder
        Map<String, Long> lastTime = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<Integer, Long> lastIndex = new HashMap<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            Decoded d = decoder.decode(rec.value());
            assertThat(d.ok()).as("%s", d.rejection()).isTrue();
            ClickEvent e = d.event();
            assertThat(ids.add(e.eventId())).isTrue();
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo(e.userId());
            assertThat(partitionOf.putIfAbsent(e.userId(), rec.partition())).isIn(null, rec.partition());
            Long before = lastTime.put(e.userId(), e.eventTimeMillis());
            if (before != null) {
                assertThat(e.eventTimeMillis()).as("user %s", e.userId()).isGreaterThanOrEqualTo(before);
            }
            long index = Long.parseLong(e.eventId().substring("ml-100k-".length()));
            assertThat(index).isGreaterThan(lastIndex.getOrDefault(rec.partition(), -1L));
            lastIndex.put(rec.partition(), index);
        }
        assertThat(lastTime).hasSize(943);
        assertThat(lastIndex).hasSize(3);
    }

    @Test
    void aSchemaWithAWrongColumnFailsBeforeProducing() throws Exception {
        writeSynthetic();
        Path schema = Files.writeString(tmp.resolve("schema.json"),
                SchemaFixtures.SYNTHETIC_JSON.replace("\"column\": \"segment\"", "\"column\": \"segmnt\""));
        kafka.createTopic("wrong-column", 1);
        int code = replay("--schema", schema.toString(), "--topic", "wrong-column");
        assertThat(code).isEqualTo(1);
        assertThat(stderr().lines().toList()).singleElement().asString()
                .startsWith("gprec: column 'segmnt'").contains(tmp.resolve("users.csv").toString());
        assertThat(endOffsets("wrong-column")).isZero();
    }

    @Test
    void csvWithSideTablesRoundTripsInEventTimeOrderAndResumes() throws Exception {
        writeSynthetic();
        Path schema = Files.writeString(tmp.resolve("schema.json"), SchemaFixtures.SYNTHETIC_JSON);
        Path report = tmp.resolve("r.json");
        assertThat(replay("--schema", schema.toString(), "--topic", "synthetic", "--partitions", "2",
                "--report-json", report.toString())).as(stderr()).isEqualTo(0);
        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("produced").asLong()).isEqualTo(6);
        assertThat(r.path("unknown_values").asLong()).isEqualTo(2);

        Configuration conf = new Configuration();
        conf.set(DataOptions.SCHEMA_FILE, schema.toString());
        ClickEventCodec decoder = DataOptions.codec(conf); // what the job decodes with for this dataset
        List<ClickEvent> events = decodeAll(decoder, readAll("synthetic", 6));
        // Event time order, ties by user then item; ids count in that order.
        assertThat(events).containsExactly(
                event(decoder, 0, "u2", "i1", "s2", "c1", 0, 100),
                event(decoder, 1, "u1", "i3", "s1", "c3", 1, 101),
                event(decoder, 2, "u1", "i1", "s1", "c1", 1, 102),
                event(decoder, 3, "u2", "i1", "s2", "c1", 1, 102),
                event(decoder, 4, "u3", "i9", "unknown", "unknown", 0, 102),
                event(decoder, 5, "u1", "i1", "s1", "c1", 0, 200));

        // Resume after the first three, send two: the ids continue the same ordered stream.
        assertThat(replay("--schema", schema.toString(), "--topic", "synthetic-resumed", "--start-offset", "3",
                "--limit", "2")).as(stderr()).isEqualTo(0);
        assertThat(decodeAll(decoder, readAll("synthetic-resumed", 2))).containsExactly(events.get(3), events.get(4));

        // File order streams the file as it is.
        assertThat(replay("--schema", schema.toString(), "--topic", "synthetic-file", "--order", "file")).isEqualTo(0);
        assertThat(decodeAll(decoder, readAll("synthetic-file", 6))).extracting(ClickEvent::eventTimeMillis)
                .containsExactly(102_000L, 100_000L, 200_000L, 101_000L, 102_000L, 102_000L);
    }

    @Test
    void badRowsAreCountedAndSkippedOrAbortTheReplayUnderStrict() throws Exception {
        writeSynthetic();
        Files.writeString(tmp.resolve("clicks.csv"), """
                ts,user_id,item_id,click
                100,u1,i1,1
                101,u2,i1,maybe
                102,u1,i1
                103,u2,i1,0
                """);
        Path schema = Files.writeString(tmp.resolve("schema.json"), SchemaFixtures.SYNTHETIC_JSON);
        Path report = tmp.resolve("r.json");
        assertThat(replay("--schema", schema.toString(), "--topic", "bad-rows", "--report-json", report.toString()))
                .isEqualTo(0);
        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("produced").asLong()).isEqualTo(2);
        assertThat(r.path("bad_rows").asLong()).isEqualTo(2);
        assertThat(stderr()).contains("clicks.csv line 3: label column 'click' is not a number: 'maybe'")
                .contains("clicks.csv line 4: has 3 columns, the header has 4");
        assertThat(readAll("bad-rows", 2)).hasSize(2);

        err.reset();
        assertThat(replay("--schema", schema.toString(), "--topic", "bad-rows-strict", "--strict")).isEqualTo(1);
        assertThat(stderr().lines().toList()).singleElement().asString()
                .startsWith("gprec: bad row (--strict): ").contains("clicks.csv line 3:");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTopics().names().get()).doesNotContain("bad-rows-strict"); // failed before Kafka
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private int replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Times 102, 100, 200, 101, 102, 102 (s): ties at 102 must come out by user, then item. */
    private void writeSynthetic() throws Exception {
        Files.writeString(tmp.resolve("clicks.csv"), """
                ts,user_id,item_id,click
                102,u3,i9,0
                100,u2,i1,0
                200,u1,i1,0
                101,u1,i3,1
                102,u2,i1,1
                102,u1,i1,1
                """);
        Files.writeString(tmp.resolve("users.csv"), "user_id,segment\nu1,s1\nu2,s2\n");
        Files.writeString(tmp.resolve("items.csv"), "item_id,category\ni1,c1\ni3,c3\n");
    }

    private static ClickEvent event(ClickEventCodec codec, int index, String user, String item, String segment,
                                    String category, int label, long seconds) {
        String id = String.format("synthetic-%09d", index);
        String[] values = {user, item, segment, category};
        return codec.decode(codec.encode(new ClickEvent(id, user, item, label, seconds * 1000, values))).event();
    }

    private static List<ClickEvent> decodeAll(ClickEventCodec codec, List<ConsumerRecord<byte[], byte[]>> records) {
        List<ClickEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            Decoded d = codec.decode(r.value());
            assertThat(d.ok()).as("%s", d.rejection()).isTrue();
            events.add(d.event());
        }
        events.sort(Comparator.comparing(ClickEvent::eventId));
        return events;
    }

    private static long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Every record of the topic, each partition in order, once {@code expected} have arrived (or 30 s passed). */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (all.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            c.poll(Duration.ofMillis(300)).forEach(all::add); // nothing more should come
        }
        return all;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }
}
