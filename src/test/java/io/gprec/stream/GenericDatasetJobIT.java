package io.gprec.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.gprec.data.BadRows;
import io.gprec.data.CsvDataset;
import io.gprec.data.SchemaFile;
import io.gprec.data.SchemaFixtures;
import io.gprec.kafka.CommittedRecords;
import io.gprec.kafka.LocalKafka;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.EventSources;
import io.gprec.replay.Pacer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A generic CSV dataset replayed with its schema file is decoded and trained on by the job given the same file. */
class GenericDatasetJobIT {

    private static final int EVENTS = 800;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theJobDecodesEveryEventOfAGenericDataset() throws Exception {
        StringBuilder clicks = new StringBuilder("ts,user_id,item_id,click\n");
        Random rnd = new Random(5);
        for (int i = 0; i < EVENTS; i++) {
            int user = rnd.nextInt(30);
            int item = rnd.nextInt(50);
            clicks.append(1_600_000_000 + i).append(",u").append(user).append(",i").append(item).append(',')
                    .append((user + item) % 2).append('\n');
        }
        Files.writeString(dir.resolve("clicks.csv"), clicks);
        StringBuilder users = new StringBuilder("user_id,segment\n");
        for (int u = 0; u < 30; u++) {
            users.append('u').append(u).append(",s").append(u % 3).append('\n');
        }
        Files.writeString(dir.resolve("users.csv"), users);
        Files.writeString(dir.resolve("items.csv"), "item_id,category\ni1,c1\ni2,c2\n"); // most items: unknown category
        Path schemaFile = Files.writeString(dir.resolve("schema.json"), SchemaFixtures.SYNTHETIC_JSON);

        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
            for (String t : List.of("clicks", "predictions", "metrics", "dead")) {
                kafka.createTopic(t, 1);
            }
            SchemaFile schema = SchemaFile.load(schemaFile, null);
            BadRows bad = new BadRows(true, null);
            DatasetReplayer.Result replayed = DatasetReplayer.replay(EventSources.of(CsvDataset.open(schema),
                            DataOptions.codec(schema), ReplayOrder.EVENT_TIME, 0, bad), kafka.clientProperties(), "clicks",
                    new DatasetReplayer.Plan(0, 0, Pacer.unpaced()), bad, null);
            assertThat(replayed.produced()).isEqualTo(EVENTS);

            Configuration c = new Configuration();
            c.set(DataOptions.SCHEMA_FILE, schemaFile.toString());
            c.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            c.set(KafkaOptions.CLICKS_TOPIC, "clicks");
            c.set(KafkaOptions.PREDICTIONS_TOPIC, "predictions");
            c.set(KafkaOptions.METRICS_TOPIC, "metrics");
            c.set(KafkaOptions.DEAD_LETTER_TOPIC, "dead");
            c.set(KafkaOptions.BOUNDED, true);
            c.set(TrainerOptions.BATCH_SIZE, 64);
            c.set(TrainerOptions.GROUPS, 4);
            c.set(TrainerOptions.SNAPSHOT_DIR, dir.resolve("snapshots").toString());
            c.setString("execution.checkpointing.interval", "1 s");
            c.setString("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
            c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
            env.setParallelism(1);
            GprecJob.build(env, c, DataOptions.codec(c));
            env.execute("gprec-generic-it");

            Set<String> ids = new HashSet<>();
            for (var r : CommittedRecords.readAll(kafka.clientProperties(), "predictions", Duration.ofSeconds(60))) {
                Prediction p = OutputCodec.decodePrediction(r.value());
                assertThat(p.eventId()).startsWith("synthetic-");
                assertThat(p.score()).isBetween(0.0, 1.0);
                ids.add(p.eventId());
            }
            assertThat(ids).hasSize(EVENTS);
            assertThat(CommittedRecords.readAll(kafka.clientProperties(), "dead", Duration.ofSeconds(10))).isEmpty();
        }
    }
}
