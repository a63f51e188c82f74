package io.gprec.stream;

import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Interaction;
import io.gprec.kafka.CommittedRecords;
import io.gprec.kafka.LocalKafka;
import io.gprec.model.ParameterDelta;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trainers at parallelism &gt; 1 against a real broker and a MiniCluster: parameter sync rounds
 * through the feedback topic, exactly-once output across a failure with either feedback delivery,
 * and rescaling a savepoint taken at P = 2 to P = 1 and to P = 4 (docs/SCALING.md).
 */
class ScaleOutIT {
    private static final int EVENTS = 4000, USERS = 150, BATCH = 32;

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static final DatasetSchema SCHEMA = DatasetReaders.movieLensSchema();
    static final List<ClickEvent> events = new ArrayList<>();
    static ClickEventCodec codec;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        codec = ClickEventCodec.movieLens(SCHEMA);
        Random rnd = new Random(11);
        String[] genders = {"M", "F"}, genres = {"Comedy", "Drama", "Action|Thriller"};
        for (int i = 0; i < EVENTS; i++) {
            int user = rnd.nextInt(USERS), movie = rnd.nextInt(80);
            int label = ((user % 3) == (movie % 3)) == (rnd.nextDouble() < 0.85) ? 1 : 0;
            String[] values = {Integer.toString(user), genders[user % 2], "25", "writer", "554", Integer.toString(movie),
                    genres[movie % 3], "1995"};
            events.add(codec.fromInteraction(String.format("e-%05d", i), new Interaction(values, label, 880_000_000L + i)));
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    private static void produce(String topic, int from, int to) throws Exception {
        Properties p = kafka.clientProperties();
        p.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) producer.send(new ProducerRecord<>(topic, codec.key(events.get(i)), codec.encode(events.get(i))));
        }
    }

    /** A run's own output topics; clicks and sync topics are passed in, so runs of one job can share them. */
    private static Configuration conf(String run, String clicks, String sync, String group) {
        for (String t : List.of("predictions", "metrics", "dead")) kafka.createTopic(run + "-" + t, 1);
        Configuration c = TestJobConf.of(kafka.bootstrapServers(), clicks, run, group, dir, "300 ms");
        c.set(SyncOptions.TOPIC, sync);
        // the strict guarantees (each round committed once, consecutive) are those of exactly-once feedback;
        // atLeastOnceFeedback... overrides these two
        c.set(SyncOptions.DELIVERY, SyncDelivery.EXACTLY_ONCE);
        c.set(SyncOptions.MAX_STALENESS, -1);
        c.set(SyncOptions.EVERY_BATCHES, 4);
        c.set(SyncOptions.POLL_INTERVAL, Duration.ofMillis(20));
        // rounds also while a subtask waits for input: round trips take a checkpoint each, and these streams are short
        c.set(SyncOptions.INTERVAL, Duration.ofMillis(100));
        c.set(TrainerOptions.BATCH_SIZE, BATCH);
        c.set(TrainerOptions.MAX_WAIT, Duration.ofMillis(200));
        c.set(TrainerOptions.GROUPS, 6);
        c.set(TrainerOptions.METRICS_EVERY, 1000);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    private static List<Prediction> predictions(String run) {
        List<Prediction> out = new ArrayList<>();
        for (var r : CommittedRecords.readAll(kafka.clientProperties(), run + "-predictions", Duration.ofSeconds(60))) {
            out.add(OutputCodec.decodePrediction(r.value()));
        }
        return out;
    }

    private static List<ParameterDelta> rounds(String syncTopic) {
        List<ParameterDelta> out = new ArrayList<>();
        java.io.ByteArrayOutputStream update = new java.io.ByteArrayOutputStream();
        for (var r : CommittedRecords.readAll(kafka.clientProperties(), syncTopic, Duration.ofSeconds(60))) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r.value());
            int index = b.getInt(), count = b.getInt();
            update.write(r.value(), 8, r.value().length - 8);
            if (index == count - 1) {
                out.add(ParameterDelta.decode(update.toByteArray()));
                update.reset();
            }
        }
        return out;
    }

    /** Every complete update in the topic, read uncommitted, in topic order (an update whose writer failed midway is skipped). */
    private static List<ParameterDelta> allUpdates(String syncTopic) {
        List<ParameterDelta> out = new ArrayList<>();
        Properties p = kafka.clientProperties();
        p.put("isolation.level", "read_uncommitted");
        p.put("max.partition.fetch.bytes", Integer.toString(16 << 20));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition(syncTopic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            java.io.ByteArrayOutputStream update = new java.io.ByteArrayOutputStream();
            int next = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r.value());
                    int index = b.getInt(), count = b.getInt();
                    if (index != next) {
                        update.reset();
                        next = 0;
                        if (index != 0) continue;
                    }
                    update.write(r.value(), 8, r.value().length - 8);
                    next = index + 1;
                    if (next == count) {
                        out.add(ParameterDelta.decode(update.toByteArray()));
                        update.reset();
                        next = 0;
                    }
                }
            }
        }
        return out;
    }

    /** Every averaged update: consecutive rounds, from P subtasks that all held the same synced base. */
    private static void assertConsistentRounds(List<ParameterDelta> rounds, int epoch, int parallelism, long firstRound) {
        for (int i = 0; i < rounds.size(); i++) {
            ParameterDelta u = rounds.get(i);
            assertThat(u.subtask()).isEqualTo(ParameterDelta.AVERAGED);
            assertThat(u.epoch()).isEqualTo(epoch);
            assertThat(u.parallelism()).isEqualTo(parallelism);
            assertThat(u.round()).as("round numbers have no gap and no repeat").isEqualTo(firstRound + i);
            assertThat(u.baseHash()).as("the replicas' synced dense parameters were identical before round %d", u.round()).isNotZero();
            assertThat(u.denseLength()).isPositive();
            if (u.steps() > 0) assertThat(u.rowCount()).isPositive();
        }
    }

    private static Map<String, Long> assertExactlyOnce(List<Prediction> predictions, int from, int to) {
        assertThat(predictions).hasSize(to - from);
        Set<String> ids = new HashSet<>();
        for (Prediction p : predictions) ids.add(p.eventId());
        Set<String> expected = new HashSet<>();
        for (int i = from; i < to; i++) expected.add(events.get(i).eventId());
        assertThat(ids).isEqualTo(expected);
        // one user's events go to one subtask, in order: the version it sees never goes back
        Map<String, Long> lastVersion = new HashMap<>();
        for (Prediction p : predictions) {
            Long before = lastVersion.put(p.userId(), p.modelVersion());
            if (before != null) assertThat(p.modelVersion()).as("version of user %s", p.userId()).isGreaterThanOrEqualTo(before);
        }
        return lastVersion;
    }

    /**
     * P = 2 with a failure injected in each subtask: every event still has exactly one committed
     * prediction, the committed sync rounds are consecutive (a restore neither repeats nor skips
     * one), every round came from two replicas with identical synced parameters, and the versions
     * count the batches of both subtasks.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoTrainersSyncEveryFewBatchesAndSurviveAFailureExactlyOnce() throws Exception {
        kafka.createTopic("sync-a", 1);
        kafka.createTopic("clicks-a", 1);
        produce("clicks-a", 0, EVENTS);
        Configuration c = conf("p2", "clicks-a", "sync-a", "p2");
        c.set(TrainerOptions.GROUPS, 20); // 1.4 MB of dense parameters: the updates go out in two chunks
        failOnceAndRestart(c);
        int failuresBefore = GprecTrainerOperator.INJECTED_FAILURES.get();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        GprecJob.build(env, c, SCHEMA);
        JobClient job = env.executeAsync("scale-out-p2");
        awaitPredictions("p2", EVENTS, job);
        // once the stream is consumed, rounds go on with nothing trained: then the replicas' values become identical
        List<ParameterDelta> rounds = awaitRounds("sync-a", job);
        job.cancel().get(60, TimeUnit.SECONDS);

        assertThat(GprecTrainerOperator.INJECTED_FAILURES.get()).isGreaterThan(failuresBefore);
        List<Prediction> predictions = predictions("p2");
        assertExactlyOnce(predictions, 0, EVENTS);
        assertThat(rounds).hasSizeGreaterThanOrEqualTo(3);
        assertConsistentRounds(rounds, 0, 2, 1);
        // every batch either subtask trained reached the shared model through some round
        assertThat(rounds.stream().mapToLong(ParameterDelta::steps).sum()).isGreaterThanOrEqualTo(EVENTS / BATCH);
        assertThat(rounds.get(identicalAfterTraining(rounds)).steps())
                .as("identical replicas only after a round with no training").isZero();
    }

    /**
     * P = 2 with at-least-once feedback, synchronous rounds (max-staleness 0) and a failure injected in each
     * subtask: predictions are still exactly once (their sink is transactional whatever the feedback is); the
     * feedback topic may now hold a round twice (the failed attempt's update and the restored averager's), but the
     * first update of each round in topic order — the one every replica applies — follows round 1, 2, 3, ... with no
     * gap, and every update, first or repeated, came from two replicas holding the same synced base.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void atLeastOnceFeedbackKeepsPredictionsExactlyOnceAndTheReplicasBasesIdenticalAcrossAFailure() throws Exception {
        kafka.createTopic("sync-c", 1);
        kafka.createTopic("clicks-c", 1);
        // the first half, then the rest once a checkpoint has completed (committed predictions): with all events
        // queued at once the first barrier would sit behind them, and the failure would restart from nothing instead
        // of restoring a checkpoint while the failed attempt's later updates are in the topic
        produce("clicks-c", 0, EVENTS / 2);
        Configuration c = conf("alo", "clicks-c", "sync-c", "alo");
        c.set(SyncOptions.DELIVERY, SyncDelivery.AT_LEAST_ONCE);
        c.set(SyncOptions.MAX_STALENESS, 0);
        c.set(SyncOptions.EVERY_BATCHES, 1);
        c.set(TrainerOptions.GROUPS, 20); // updates in two chunks: a failure can fall between them
        failOnceAndRestart(c);
        int failuresBefore = GprecTrainerOperator.INJECTED_FAILURES.get();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(2);
        GprecJob.build(env, c, SCHEMA);
        JobClient job = env.executeAsync("scale-out-at-least-once");
        awaitPredictions("alo", 1, job);
        produce("clicks-c", EVENTS / 2, EVENTS);
        awaitPredictions("alo", EVENTS, job);
        // after the input, rounds go on (interval sends) with nothing trained: the replicas' values become identical
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<ParameterDelta> updates = allUpdates("sync-c");
        while (identicalAfterTraining(firstOfEachRound(updates)) < 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("no round with identical replicas in 60 s after " + updates.size() + " updates");
            TimeUnit.MILLISECONDS.sleep(300);
            updates = allUpdates("sync-c");
        }
        job.cancel().get(60, TimeUnit.SECONDS);

        assertThat(GprecTrainerOperator.INJECTED_FAILURES.get()).isGreaterThan(failuresBefore);
        assertExactlyOnce(predictions("alo"), 0, EVENTS);
        List<ParameterDelta> applied = firstOfEachRound(updates);
        assertThat(updates.stream().filter(u -> u.round() == 1).count())
                .as("restored from a checkpoint: the rounds went on, they did not start again from 1").isEqualTo(1);
        assertThat(applied).hasSizeGreaterThanOrEqualTo(EVENTS / BATCH / 2);
        assertConsistentRounds(applied, 0, 2, 1);
        for (ParameterDelta u : updates) {
            assertThat(u.baseHash()).as("the senders of (repeated or not) round %d held the same base", u.round()).isNotZero();
        }
        assertThat(applied.stream().mapToLong(ParameterDelta::steps).sum())
                .as("the batches reached the shared model").isGreaterThanOrEqualTo(EVENTS / BATCH);
    }

    /** The updates the replicas apply: the first of each round number, in topic order. */
    private static List<ParameterDelta> firstOfEachRound(List<ParameterDelta> updates) {
        List<ParameterDelta> out = new ArrayList<>();
        for (ParameterDelta u : updates) if (u.round() == (out.isEmpty() ? 1 : out.get(out.size() - 1).round() + 1)) out.add(u);
        return out;
    }

    /**
     * Stop with a savepoint at P = 2, then resume it at P = 1 and (separately) at P = 4: each
     * resumed run predicts exactly the events the first did not, finds the keyed state of every
     * user seen before, starts from the shared model the first run had reached, and at P = 4 its
     * four replicas start identical and keep syncing in a new epoch.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aSavepointAtTwoResumesAtOneAndAtFour() throws Exception {
        int half = EVENTS / 2;
        kafka.createTopic("clicks-b", 1);
        kafka.createTopic("sync-b", 1);
        produce("clicks-b", 0, half);
        long newUsersBefore = GprecTrainerOperator.NEW_USERS.get();
        Configuration first = conf("first", "clicks-b", "sync-b", "rescale");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(first);
        env.setParallelism(2);
        GprecJob.build(env, first, SCHEMA);
        JobClient job = env.executeAsync("scale-out-first");
        awaitPredictions("first", half, job);
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
        long usersFirst = GprecTrainerOperator.NEW_USERS.get() - newUsersBefore;
        Set<String> firstUsers = new HashSet<>();
        for (int i = 0; i < half; i++) firstUsers.add(events.get(i).userId());
        assertThat(usersFirst).isEqualTo(firstUsers.size());

        List<Prediction> before = predictions("first");
        assertExactlyOnce(before, 0, half);
        List<ParameterDelta> roundsBefore = rounds("sync-b");
        assertThat(roundsBefore).hasSizeGreaterThanOrEqualTo(2);
        assertConsistentRounds(roundsBefore, 0, 2, 1);
        long syncedBefore = 0;
        for (int i = 0; i < roundsBefore.size() - 1; i++) syncedBefore += roundsBefore.get(i).steps();

        produce("clicks-b", half, EVENTS);
        Set<String> allUsers = new HashSet<>();
        for (ClickEvent e : events) allUsers.add(e.userId());
        for (int p : new int[]{1, 4}) {
            String run = "resumed-" + p;
            long newUsers = GprecTrainerOperator.NEW_USERS.get();
            Configuration c = conf(run, "clicks-b", "sync-b", "rescale");
            c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "first");
            c.setString("execution.state-recovery.path", savepoint);
            StreamExecutionEnvironment resumed = StreamExecutionEnvironment.getExecutionEnvironment(c);
            resumed.setParallelism(p);
            GprecJob.build(resumed, c, SCHEMA);
            int rescaledBefore = GprecTrainerOperator.RESCALED_RESTORES.get();
            JobClient j = resumed.executeAsync("scale-out-" + run);
            awaitPredictions(run, EVENTS - half, j);
            assertThat(GprecTrainerOperator.RESCALED_RESTORES.get() - rescaledBefore).as("subtasks that found the job rescaled").isEqualTo(p);
            if (p == 4) restoreAtFourReadsAtMostTwoReplicasPerSubtask(j, c);
            else j.cancel().get(60, TimeUnit.SECONDS);

            List<Prediction> after = predictions(run);
            assertExactlyOnce(after, half, EVENTS);
            assertThat(GprecTrainerOperator.NEW_USERS.get() - newUsers)
                    .as("users met without keyed state at P=%d: only those the first run never saw", p)
                    .isEqualTo(allUsers.size() - firstUsers.size());
            long minVersion = after.stream().mapToLong(Prediction::modelVersion).min().orElseThrow();
            long maxVersion = after.stream().mapToLong(Prediction::modelVersion).max().orElseThrow();
            assertThat(minVersion).as("the shared model resumes where the first run was").isGreaterThanOrEqualTo(syncedBefore);
            assertThat(maxVersion).as("and keeps training").isGreaterThan(minVersion);
            if (p == 4) {
                List<ParameterDelta> all = rounds("sync-b");
                List<ParameterDelta> epoch1 = all.stream().filter(u -> u.epoch() == 1).toList();
                assertThat(epoch1).isNotEmpty();
                assertConsistentRounds(epoch1, 1, 4, epoch1.get(0).round());
                assertThat(epoch1.get(0).round()).isGreaterThan(1);
            }
        }
    }

    /**
     * Stops the P = 4 job with a savepoint and restores it at P = 4: each subtask is given subtask 0's replica (union
     * state) and its own (split state), never all four, and resumes from its own without taking the restore for a rescale.
     */
    private static void restoreAtFourReadsAtMostTwoReplicasPerSubtask(JobClient job, Configuration conf) throws Exception {
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints-4").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
        GprecTrainerOperator.RESTORED_REPLICAS_MAX.set(0);
        int restores = GprecTrainerOperator.RESTORES.get(), rescaled = GprecTrainerOperator.RESCALED_RESTORES.get();
        Configuration c = new Configuration(conf);
        c.setString("execution.state-recovery.path", savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(4);
        GprecJob.build(env, c, SCHEMA);
        JobClient again = env.executeAsync("scale-out-resumed-4-again");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (GprecTrainerOperator.RESTORES.get() - restores < 4) {
            if (System.nanoTime() > deadline) throw new AssertionError((GprecTrainerOperator.RESTORES.get() - restores) + " of 4 subtasks restored in 60 s");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        again.cancel().get(60, TimeUnit.SECONDS);
        assertThat(GprecTrainerOperator.RESTORED_REPLICAS_MAX.get()).as("replicas one subtask read at the restore").isEqualTo(2);
        assertThat(GprecTrainerOperator.RESCALED_RESTORES.get()).as("a restore at the same parallelism is no rescale").isEqualTo(rescaled);
    }

    /** Index of the first round after some training whose senders all held identical dense parameters, or -1. */
    private static int identicalAfterTraining(List<ParameterDelta> rounds) {
        boolean trained = false;
        for (int i = 0; i < rounds.size(); i++) {
            if (trained && rounds.get(i).valueHash() != 0) return i;
            trained |= rounds.get(i).steps() > 0;
        }
        return -1;
    }

    /** The committed rounds, once one of them says that every replica sent identical dense parameters. */
    private static List<ParameterDelta> awaitRounds(String syncTopic, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<ParameterDelta> rounds = rounds(syncTopic);
            if (identicalAfterTraining(rounds) >= 0) return rounds;
            if (job.getJobStatus().get().isGloballyTerminalState()) throw new AssertionError("job ended after " + rounds.size() + " rounds");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no round with identical replicas in 60 s; last rounds: "
                        + rounds.subList(Math.max(0, rounds.size() - 3), rounds.size()));
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
    }

    /** A failure injected after 1,200 events in each subtask, then a restart from the last checkpoint. */
    private static void failOnceAndRestart(Configuration c) {
        c.set(TrainerOptions.FAIL_AFTER_EVENTS, 1200L);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    }

    private static void awaitPredictions(String run, int expected, JobClient job) throws Exception {
        CommittedPredictions.await(kafka.clientProperties(), run + "-predictions", expected, job);
    }
}
