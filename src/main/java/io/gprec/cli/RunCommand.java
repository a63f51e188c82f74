package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.UsageException;
import io.gprec.dashboard.Dashboard;
import io.gprec.dashboard.DashboardOptions;
import io.gprec.data.Dataset;
import io.gprec.kafka.CommittedRecords;
import io.gprec.kafka.LocalKafka;
import io.gprec.metrics.BinaryMetrics;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.ReplayOrder;
import io.gprec.stream.GprecJob;
import io.gprec.stream.KafkaOptions;
import io.gprec.stream.TrainerOptions;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code gprec run}: the one-command local run. Starts a real Kafka broker (KRaft, in this JVM)
 * and a Flink MiniCluster with flink-conf/config.yaml, replays the dataset into the clicks topic
 * in event-time order, runs the streaming job until the data is consumed while printing the
 * rolling AUC, then summarises and stops everything it started.
 *
 * <pre>
 * scripts/run-local.sh --model gprec --strategy input --batch 256 --report-json out/run.json
 * </pre>
 */
final class RunCommand {
    private static final Set<String> VALUED = Set.of("--data-dir", "--model", "--strategy", "--backbone", "--batch", "--seed",
            "--groups", "--report-json", "--work-dir", "--checkpoint-interval", "--conf-dir", "--limit", "--rate",
            "--synthetic-events", "--dashboard-port", "--parallelism");
    private static final Set<String> BOOLEAN = Set.of("--synthetic", "--no-dashboard", "--hold");

    private RunCommand() {}

    static void run(String[] argv) throws Exception {
        Args a = Args.parse("run", argv, VALUED, BOOLEAN);
        Path home = Path.of(System.getProperty("gprec.home", "."));
        Path work = a.string("--work-dir").map(Path::of).orElse(home.resolve("target/local-run")).toAbsolutePath();
        Path confDir = a.string("--conf-dir").map(Path::of).orElse(home.resolve("flink-conf"));
        if (!Files.isRegularFile(confDir.resolve("config.yaml"))) {
            throw new UsageException("no config.yaml in --conf-dir " + confDir);
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString());
        validate(conf); // config.yaml as written, so a bad value there is named by its key, not by the flag read over it
        conf.set(TrainerOptions.MODEL, a.choice("--model", ModelKind.class, conf.get(TrainerOptions.MODEL)));
        // --model dgpm alone means its only strategy, whatever config.yaml's strategy key says
        Strategy strategyDefault = a.string("--model").isPresent() && conf.get(TrainerOptions.MODEL) == ModelKind.DGPM
                ? Strategy.DP : conf.get(TrainerOptions.STRATEGY);
        conf.set(TrainerOptions.STRATEGY, a.choice("--strategy", Strategy.class, strategyDefault));
        conf.set(TrainerOptions.BACKBONE, a.choice("--backbone", io.gprec.model.BackboneKind.class, conf.get(TrainerOptions.BACKBONE)));
        conf.set(TrainerOptions.BATCH_SIZE, a.positiveInt("--batch", conf.get(TrainerOptions.BATCH_SIZE)));
        conf.set(TrainerOptions.SEED, a.longValue("--seed", conf.get(TrainerOptions.SEED)));
        conf.set(TrainerOptions.GROUPS, a.positiveInt("--groups", conf.get(TrainerOptions.GROUPS)));
        a.string("--checkpoint-interval").ifPresent(s -> conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval(s)));
        long limit = a.longValue("--limit", 0);
        if (limit < 0) throw new UsageException("--limit expects a number of events >= 0 (0 = all), got " + limit);
        int parallelism = a.positiveInt("--parallelism", 1);
        double rate = a.doubleValue("--rate", 0);
        boolean dashboardOn = !a.flag("--no-dashboard");
        int dashboardPort = DashboardCommand.port(a, "--dashboard-port", conf.get(DashboardOptions.PORT));
        if (!dashboardOn && (a.flag("--hold") || a.string("--dashboard-port").isPresent())) {
            throw new UsageException("--hold and --dashboard-port need the dashboard; drop --no-dashboard");
        }
        if (rate < 0) throw new UsageException("--rate expects events/s >= 0 (0 = replay everything before the job starts), got " + rate);
        validate(conf);
        Dataset dataset = DataFlags.readOrSynthetic(a);

        deleteRecursively(work);
        Path snapshots = work.resolve("snapshots");
        conf.set(TrainerOptions.SNAPSHOT_DIR, snapshots.toString());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
        conf.set(KafkaOptions.BOUNDED, true);
        // the whole dataset is in Kafka before the job starts: full batches only, so the run is reproducible
        conf.set(TrainerOptions.MAX_WAIT, Duration.ZERO);
        LocalBinds.loopbackUnlessSet(conf);

        try (LocalKafka kafka = LocalKafka.start(work.resolve("kafka"));
             Dashboard dashboard = dashboardOn ? startDashboard(conf, kafka.bootstrapServers(), snapshots, dashboardPort,
                     a.string("--dashboard-port").isEmpty()) : null) {
            conf.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            // the run's own clients get the job's pass-through settings too (gprec.kafka.properties.*)
            Properties client = KafkaFlags.clientProperties(conf, kafka.bootstrapServers());
            for (var topic : List.of(KafkaOptions.CLICKS_TOPIC, KafkaOptions.PREDICTIONS_TOPIC, KafkaOptions.METRICS_TOPIC,
                    KafkaOptions.DEAD_LETTER_TOPIC)) {
                io.gprec.replay.TopicSetup.ensure(client, conf.get(topic), 1, Duration.ofSeconds(30));
            }
            kafka.createTopic(conf.get(io.gprec.stream.SyncOptions.TOPIC), 1);
            ClickEventCodec codec = ClickEventCodec.forSchema(dataset.schema());
            String clicks = conf.get(KafkaOptions.CLICKS_TOPIC);
            long total = limit > 0 ? Math.min(limit, dataset.interactions().size()) : dataset.interactions().size();
            java.util.concurrent.CompletableFuture<DatasetReplayer.Result> replay;
            if (rate == 0) {
                System.err.printf("kafka: %s; replaying %s into %s ...%n", kafka.bootstrapServers(), dataset.name(), clicks);
                replay = java.util.concurrent.CompletableFuture.completedFuture(DatasetReplayer.replay(dataset, codec,
                        ReplayOrder.EVENT_TIME, client, clicks, limit, n -> {}));
            } else {
                // paced: the job runs first and reads the clicks as they arrive, so latency means something
                conf.set(KafkaOptions.STOP_AT_OFFSET, total);
                replay = null;
            }
            System.err.printf("starting the job (%s, %s, backbone %s, batch %d, checkpoints every %s)%n", conf.get(TrainerOptions.MODEL),
                    conf.get(TrainerOptions.STRATEGY), conf.get(TrainerOptions.BACKBONE), conf.get(TrainerOptions.BATCH_SIZE),
                    conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(parallelism);
            GprecJob.build(env, conf, codec);
            long start = System.nanoTime();
            JobClient job = env.executeAsync("gprec-local");
            Thread cancelOnExit = new Thread(() -> job.cancel());
            Runtime.getRuntime().addShutdownHook(cancelOnExit);
            if (replay == null) {
                awaitRunning(job);
                System.err.printf("replaying %s into %s at %,.0f events/s ...%n", dataset.name(), clicks, rate);
                replay = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    return DatasetReplayer.replay(dataset, codec, ReplayOrder.EVENT_TIME, client, clicks,
                            limit, n -> pace(t0, n, rate));
                });
            }
            try (KafkaConsumer<byte[], byte[]> metrics = consumer(client)) {
                metrics.assign(List.of(new TopicPartition(conf.get(KafkaOptions.METRICS_TOPIC), 0)));
                while (!job.getJobExecutionResult().isDone()) {
                    for (ConsumerRecord<byte[], byte[]> r : metrics.poll(Duration.ofSeconds(1))) {
                        System.err.println(progressLine(r.value()));
                    }
                }
            }
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            DatasetReplayer.Result replayed = replay.get(60, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            double seconds = (System.nanoTime() - start) / 1e9;

            List<Prediction> predictions = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(client, conf.get(KafkaOptions.PREDICTIONS_TOPIC))) {
                predictions.add(OutputCodec.decodePrediction(r.value()));
            }
            long deadLetters = readAll(client, conf.get(KafkaOptions.DEAD_LETTER_TOPIC)).size();
            Map<String, Object> summary = summarise(predictions, replayed.produced(), deadLetters, seconds, snapshots);
            if (rate > 0) summary.putAll(latency(readAll(client, clicks), readAll(client, conf.get(KafkaOptions.PREDICTIONS_TOPIC))));
            summary.put("model", conf.get(TrainerOptions.MODEL).name().toLowerCase());
            summary.put("strategy", conf.get(TrainerOptions.STRATEGY).name().toLowerCase());
            summary.put("backbone", conf.get(TrainerOptions.BACKBONE).name().toLowerCase());
            summary.put("batch", conf.get(TrainerOptions.BATCH_SIZE));
            summary.put("parallelism", parallelism);
            // an update may span several records: count the last chunk of each (index == count - 1, two ints up front)
            summary.put("sync_rounds", parallelism > 1 ? readAll(client, conf.get(io.gprec.stream.SyncOptions.TOPIC)).stream()
                    .map(r -> java.nio.ByteBuffer.wrap(r.value())).filter(b -> b.getInt(0) == b.getInt(4) - 1).count() : 0);
            summary.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
            a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), summary));
            if (dashboard != null && a.flag("--hold")) {
                System.err.printf("dashboard: %s stays up until Enter or Ctrl-C%n", dashboard.url());
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
    }

    private static void validate(Configuration conf) {
        try {
            GprecJob.validate(conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** --checkpoint-interval: a positive duration such as 500 ms, 10 s or 1 min. */
    static Duration checkpointInterval(String s) {
        Duration d;
        try {
            d = org.apache.flink.util.TimeUtils.parseDuration(s);
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw new UsageException("--checkpoint-interval expects a duration > 0 such as 500 ms, 10 s or 1 min, got '" + s + "'");
        }
        return d;
    }

    /** The live dashboard on this run's broker and snapshots; on a free port if the configured one is taken (unless given). */
    private static Dashboard startDashboard(Configuration conf, String servers, Path snapshots, int port, boolean anyPortIfTaken)
            throws IOException {
        Dashboard d = Dashboard.start(new Dashboard.Settings(servers, conf.get(KafkaOptions.METRICS_TOPIC), snapshots,
                conf.get(DashboardOptions.BIND), port, conf.get(DashboardOptions.HISTORY), anyPortIfTaken,
                KafkaFlags.clientProperties(conf, servers)));
        System.err.printf("dashboard: %s%n", d.url());
        return d;
    }

    /**
     * Waits until the job is RUNNING, then a few seconds more for its tasks to deploy and the source
     * to start fetching: clicks sent earlier would queue, and their wait would count as latency.
     */
    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the job did not reach RUNNING within 60 s");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        TimeUnit.SECONDS.sleep(5);
    }

    /** Sleeps until n events are due at the given rate (the replayer reports every 1,000 events). */
    private static void pace(long startNanos, long n, double rate) {
        long dueNanos = startNanos + (long) (n / rate * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Append → prediction latency: the prediction record's send time minus its click's append time
     * (both Kafka CreateTime on this machine's clock), over all but the first 10 % of events (job warm-up).
     */
    static Map<String, Object> latency(List<ConsumerRecord<byte[], byte[]>> clicks, List<ConsumerRecord<byte[], byte[]>> predictions) {
        Map<Long, Long> appended = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : clicks) appended.put(c.offset(), c.timestamp());
        List<Long> latencies = new ArrayList<>();
        for (int i = predictions.size() / 10; i < predictions.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = predictions.get(i);
            String source = OutputCodec.decodePrediction(r.value()).source();
            Long t = appended.get(Long.parseLong(source.substring(source.lastIndexOf('/') + 1)));
            if (t != null) latencies.add(r.timestamp() - t);
        }
        java.util.Collections.sort(latencies);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_p50_ms", latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() / 2));
        m.put("latency_p99_ms", latencies.isEmpty() ? Double.NaN : latencies.get((int) (latencies.size() * 0.99)));
        m.put("latency_max_ms", latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1));
        return m;
    }

    /** One line per metrics record: what a user watches while the job runs. */
    static String progressLine(byte[] json) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            return String.format("events %,9d  rolling AUC %.4f  LogLoss %.4f  cumulative AUC %.4f  model v%d  %,.0f events/s",
                    node.path("events").asLong(), node.path("window_auc").asDouble(Double.NaN),
                    node.path("window_log_loss").asDouble(Double.NaN), node.path("cumulative_auc").asDouble(Double.NaN),
                    node.path("model_version").asLong(), node.path("events_per_second").asDouble(Double.NaN));
        } catch (IOException e) {
            return "metrics " + new String(json, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Object> summarise(List<Prediction> predictions, long events, long deadLetters, double seconds, Path snapshots)
            throws IOException {
        int n = predictions.size();
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = predictions.get(i).score();
            labels[i] = predictions.get(i).label();
        }
        int tail = n - n / 5;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("predictions", n);
        m.put("dead_letters", deadLetters);
        m.put("prequential_auc", n > 1 ? BinaryMetrics.auc(scores, labels, n) : Double.NaN);
        m.put("prequential_logloss", n > 0 ? BinaryMetrics.logLoss(scores, labels, n) : Double.NaN);
        double[] lastScores = java.util.Arrays.copyOfRange(scores, tail, n);
        int[] lastLabels = java.util.Arrays.copyOfRange(labels, tail, n);
        m.put("last20_auc", n - tail > 1 ? BinaryMetrics.auc(lastScores, lastLabels, n - tail) : Double.NaN);
        m.put("last20_logloss", n - tail > 0 ? BinaryMetrics.logLoss(lastScores, lastLabels, n - tail) : Double.NaN);
        m.put("events_per_second", events / seconds);
        m.put("job_seconds", seconds);
        List<Path> files = Files.isDirectory(snapshots)
                ? Files.list(snapshots).filter(p -> p.toString().endsWith(".gprec")).sorted(Comparator.naturalOrder()).toList()
                : List.of();
        m.put("checkpoints_snapshotted", files.size());
        m.put("snapshot_dir", snapshots.toString());
        m.put("last_snapshot", files.isEmpty() ? "" : files.get(files.size() - 1).getFileName().toString());
        return m;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static List<ConsumerRecord<byte[], byte[]>> readAll(Properties client, String topic) {
        return CommittedRecords.readAll(client, topic, Duration.ofSeconds(60));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
