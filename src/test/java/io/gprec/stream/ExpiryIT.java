package io.gprec.stream;

import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Interaction;
import io.gprec.kafka.LocalKafka;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import io.gprec.kafka.CommittedRecords;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

/**
 * gprec.state.ttl end to end (real Kafka broker, Flink MiniCluster, RocksDB): two phases of
 * clicks three hours apart in event time with a one-hour ttl. The users and movies of the first
 * phase that do not come back expire; five users do come back and start from a fresh personal
 * row; every click still gets exactly one prediction. A run with ttl 0 over the same clicks is
 * the control: there nothing expires.
 */
class ExpiryIT {
    /** Whole mini-batches per phase: a batch is one moment in event time (its latest click), so none may straddle the gap. */
    private static final int BATCH = 64, PER_PHASE = 6 * BATCH, RETURNING = 5;
    private static final long START = 1_000_000_000L, GAP = 3 * 3600; // seconds

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static final DatasetSchema schema = DatasetReaders.movieLensSchema();
    static final List<ClickEvent> events = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndProduce() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        kafka.createTopic("clicks", 1);
        ClickEventCodec codec = ClickEventCodec.movieLens(schema);
        Random rnd = new Random(5);
        String[] genders = {"M", "F"}, genres = {"Comedy", "Drama", "Action|Thriller"};
        for (int phase = 0; phase < 2; phase++) {
            for (int i = 0; i < PER_PHASE; i++) {
                // phase 0: users 0..19, movies 0..29; phase 1: users 20..39 and the returning 0..4, movies 100..129
                int user = phase == 0 ? rnd.nextInt(20) : (i % 5 == 0 ? rnd.nextInt(RETURNING) : 20 + rnd.nextInt(20));
                int movie = phase * 100 + rnd.nextInt(30);
                String[] values = {Integer.toString(user), genders[user % 2], "25", "writer", "554", Integer.toString(movie),
                        genres[movie % 3], "1995"};
                long time = START + phase * GAP + i; // one click a second: a phase lasts under 7 minutes
                events.add(codec.fromInteraction(String.format("e-%d-%04d", phase, i), new Interaction(values, rnd.nextInt(2), time)));
            }
        }
        produce("clicks", 0, events.size());
    }

    private static void produce(String topic, int from, int to) {
        ClickEventCodec codec = ClickEventCodec.movieLens(schema);
        Properties p = kafka.clientProperties();
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ClickEvent e : events.subList(from, to)) producer.send(new ProducerRecord<>(topic, codec.key(e), codec.encode(e)));
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    /** Runs the job over every click (bounded, P = 1, full batches only) with the given ttl, as job {@code name}. */
    private static void run(String name, Duration ttl) throws Exception {
        Configuration c = conf(name, "clicks", name, ttl);
        c.set(KafkaOptions.BOUNDED, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(1);
        GprecJob.build(env, c, schema);
        env.execute(name);
    }

    private static Configuration conf(String name, String clicks, String group, Duration ttl) {
        for (String t : List.of("predictions", "metrics", "dead")) kafka.createTopic(name + "-" + t, 1);
        Configuration c = TestJobConf.of(kafka.bootstrapServers(), clicks, name, group, dir, "300 ms");
        c.set(TrainerOptions.BATCH_SIZE, BATCH);
        c.set(TrainerOptions.MAX_WAIT, Duration.ZERO);
        c.set(TrainerOptions.GROUPS, 6);
        c.set(StateOptions.TTL, ttl);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        c.setString("metrics.reporter.probe.factory.class", MetricProbe.Factory.class.getName());
        return c;
    }

    private static void awaitPredictions(String run, int expected, JobClient job) throws Exception {
        CommittedPredictions.await(kafka.clientProperties(), run + "-predictions", expected, job);
    }

    /**
     * Phase one, a savepoint, phase two from the savepoint: the deadlines, timers, last-seen times
     * and clock come back, so the resumed job expires exactly what an uninterrupted run does (with
     * no timers restored only the five returning users would expire; with rows restored unstamped
     * the first phase's movies would be kept).
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void expiryStateSurvivesASavepoint() throws Exception {
        kafka.createTopic("clicks-r", 1);
        produce("clicks-r", 0, PER_PHASE);
        Configuration first = conf("expiry-first", "clicks-r", "expiry-r", Duration.ofHours(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(first);
        env.setParallelism(1);
        GprecJob.build(env, first, schema);
        JobClient job = env.executeAsync("expiry-first");
        awaitPredictions("expiry-first", PER_PHASE, job);
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
        assertThat(trainer("expiry-first", "liveUsers")).isEqualTo(20);
        assertThat(trainer("expiry-first", "expiredUsers")).isZero();

        produce("clicks-r", PER_PHASE, events.size());
        long newUsers = GprecTrainerOperator.NEW_USERS.get();
        Configuration c = conf("expiry-resumed", "clicks-r", "expiry-r", Duration.ofHours(1));
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "expiry-first");
        c.setString("execution.state-recovery.path", savepoint);
        StreamExecutionEnvironment resumed = StreamExecutionEnvironment.getExecutionEnvironment(c);
        resumed.setParallelism(1);
        GprecJob.build(resumed, c, schema);
        JobClient j = resumed.executeAsync("expiry-resumed");
        awaitPredictions("expiry-resumed", PER_PHASE, j);
        j.cancel().get(60, TimeUnit.SECONDS);

        assertThat(GprecTrainerOperator.NEW_USERS.get() - newUsers).as("the 20 new users and the 5 returning ones").isEqualTo(20 + RETURNING);
        assertThat(trainer("expiry-resumed", "expiredUsers")).isEqualTo(20);
        assertThat(trainer("expiry-resumed", "liveUsers")).isEqualTo(20 + RETURNING);
        assertThat(trainer("expiry-resumed", "liveRows")).isEqualTo(sharedRows(PER_PHASE, events.size()));
        assertThat(trainer("expiry-resumed", "expiredRows")).isEqualTo(30);
    }

    private static long trainer(String job, String metric) {
        return MetricProbe.value(job, "gprec-trainer", metric);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void idleUsersAndRowsExpireInEventTimeAndReturningUsersStartAfresh() throws Exception {
        long newUsers = GprecTrainerOperator.NEW_USERS.get(), expired = GprecTrainerOperator.EXPIRED_USERS.get();
        run("expiry-ttl", Duration.ofHours(1));
        long newWithTtl = GprecTrainerOperator.NEW_USERS.get() - newUsers;
        long expiredWithTtl = GprecTrainerOperator.EXPIRED_USERS.get() - expired;

        newUsers = GprecTrainerOperator.NEW_USERS.get();
        expired = GprecTrainerOperator.EXPIRED_USERS.get();
        run("expiry-control", Duration.ZERO);
        long newControl = GprecTrainerOperator.NEW_USERS.get() - newUsers;
        long expiredControl = GprecTrainerOperator.EXPIRED_USERS.get() - expired;

        // nothing is lost: one prediction per click in both runs
        for (String run : List.of("expiry-ttl", "expiry-control")) {
            Set<String> ids = new HashSet<>();
            int count = 0;
            for (var r : CommittedRecords.readAll(kafka.clientProperties(), run + "-predictions", Duration.ofSeconds(60))) {
                Prediction p = OutputCodec.decodePrediction(r.value());
                ids.add(p.eventId());
                count++;
            }
            assertThat(count).as("predictions of %s", run).isEqualTo(2 * PER_PHASE);
            assertThat(ids).as("distinct event ids of %s", run).hasSize(2 * PER_PHASE);
        }

        Set<String> users = new HashSet<>(), usersLater = new HashSet<>();
        for (int i = 0; i < events.size(); i++) (i < PER_PHASE ? users : usersLater).add(events.get(i).userId());
        Set<String> all = new HashSet<>(users);
        all.addAll(usersLater);
        assertThat(all).hasSize(40);
        // every first-phase user expired once (the five that return too: their old rows are gone), and they come back as new
        assertThat(expiredWithTtl).isEqualTo(users.size()).isEqualTo(20);
        assertThat(expiredControl).isZero();
        assertThat(newControl).isEqualTo(all.size());
        assertThat(newWithTtl).isEqualTo(all.size() + RETURNING);
        assertThat(trainer("expiry-ttl", "expiredUsers")).isEqualTo(20);
        assertThat(trainer("expiry-control", "expiredUsers")).isZero();

        // the gauges: users and rows held at the end are those of the second phase only
        assertThat(trainer("expiry-control", "liveUsers")).isEqualTo(all.size());
        assertThat(trainer("expiry-ttl", "liveUsers")).isEqualTo(usersLater.size()).isEqualTo(20 + RETURNING);
        long rowsAll = sharedRows(0, events.size()), rowsLater = sharedRows(PER_PHASE, events.size());
        assertThat(trainer("expiry-control", "liveRows")).isEqualTo(rowsAll);
        assertThat(trainer("expiry-ttl", "liveRows")).isEqualTo(rowsLater).isLessThan(rowsAll);
        assertThat(trainer("expiry-ttl", "expiredRows")).isEqualTo(rowsAll - rowsLater).isEqualTo(30); // the first phase's movies
        assertThat(trainer("expiry-ttl", "stateBytes")).isPositive().isLessThan(trainer("expiry-control", "stateBytes"));
    }

    /** Distinct (field, value) pairs of the shared (non-personal) fields among events[from, to). */
    private static long sharedRows(int from, int to) {
        Set<String> rows = new HashSet<>();
        for (ClickEvent e : events.subList(from, to)) {
            String[] v = e.values();
            for (int f = 1; f < v.length; f++) rows.add(f + "=" + v[f]);
        }
        return rows.size();
    }
}
