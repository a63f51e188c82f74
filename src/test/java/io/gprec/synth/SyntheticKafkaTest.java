package io.gprec.synth;

import io.gprec.kafka.LocalKafka;
import io.gprec.replay.DatasetReplayer;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Generating straight into a real broker: every event arrives, decodes with the job's codec, in order per user. */
class SyntheticKafkaTest {
    @TempDir
    static Path dataDir;
    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) kafka.close();
    }

    @Test
    void producesEveryEventDecodableAndInEventTimeOrderPerUser() {
        SyntheticSpec spec = SyntheticSpec.defaults().withUsers(50).withItems(100).withEvents(3000).withSeed(3);
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(spec));
        io.gprec.replay.TopicSetup.ensure(kafka.clientProperties(), "synthetic-clicks", 3, java.time.Duration.ofSeconds(30));
        DatasetReplayer.Result r = SyntheticKafka.produce(layout, kafka.clientProperties(), "synthetic-clicks", n -> {});
        assertThat(r.produced()).isEqualTo(3000);

        List<ConsumerRecord<byte[], byte[]>> records = readAll("synthetic-clicks", 3);
        assertThat(records).hasSize(3000);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(3);
        // the job's decoder, built from the schema alone
        ClickEventCodec codec = ClickEventCodec.forSchema(layout.schema());
        assertThat(codec.itemIdField()).isEqualTo("item_id");
        Map<String, Long> lastTimeOfUser = new HashMap<>();
        var expected = SyntheticDatasets.generate(layout).interactions();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
            Decoded d = codec.decode(rec.value());
            assertThat(d.rejection()).as("rejection").isNull();
            ClickEvent e = d.event();
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo(e.userId());
            Long last = lastTimeOfUser.put(e.userId(), e.eventTimeMillis());
            if (last != null) assertThat(e.eventTimeMillis()).isGreaterThan(last);
            int index = Integer.parseInt(e.eventId().substring("synthetic-".length()));
            assertThat(e.values()).containsExactly(expected.get(index).values());
            assertThat(e.label()).isEqualTo(expected.get(index).label());
        }
    }

    /** Every record of every partition, partition by partition, each in offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int partitions) {
        Properties p = kafka.clientProperties();
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int partition = 0; partition < partitions; partition++) {
                TopicPartition tp = new TopicPartition(topic, partition);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long end = c.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (c.position(tp) < end) {
                    assertThat(System.nanoTime()).as("reading partition %d before the deadline", partition).isLessThan(deadline);
                    c.poll(Duration.ofMillis(500)).forEach(out::add);
                }
            }
        }
        return out;
    }
}
