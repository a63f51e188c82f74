package io.gprec.stream;

import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetSchema;
import io.gprec.data.FieldRole;
import io.gprec.model.FieldLayout;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelKind;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.OutputCodec;
import io.gprec.stream.event.Prediction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The streaming GPRec job: clicks topic → validate (bad records → dead-letter topic) →
 * keyBy(user) → trainer (predict, then train, per mini-batch) → predictions topic, and
 * prequential metrics → metrics topic. All three sinks are transactional (exactly-once with the
 * checkpoints).
 *
 * <pre>
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
 * GprecJob.build(env, conf, DatasetReaders.movieLensSchema());
 * env.execute("gprec");
 * </pre>
 */
public final class GprecJob {
    private GprecJob() {}

    /** Network flush interval of the trainer's outputs at parallelism > 1 (see build). */
    static final long SYNC_BUFFER_TIMEOUT_MS = 5;

    /** The classes whose ConfigOption constants are the job's gprec.* keys. */
    static final java.util.List<Class<?>> OPTION_HOLDERS = java.util.List.of(KafkaOptions.class, TrainerOptions.class,
            DataOptions.class, io.gprec.dashboard.DashboardOptions.class, SyncOptions.class,
            StateOptions.class);

    /** Adds the job's operators to env. Throws IllegalArgumentException naming the key of a bad setting. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, DatasetSchema schema) {
        build(env, conf, ClickEventCodec.forSchema(schema));
    }

    /** Adds the job's operators to env, decoding clicks with {@code codec} (see {@link DataOptions#codec}). */
    public static void build(StreamExecutionEnvironment env, Configuration conf, ClickEventCodec codec) {
        validate(conf);
        // The trainer's replica is operator state of hundreds of MB at scale, and Flink 2.2 restores uncompressed
        // operator state through a stream without a bulk read: one read() system call per byte, ~1 MB/s (measured,
        // docs/BENCHMARKS.md). Compressed, it is read through Snappy's buffered frames.
        env.getConfig().setUseSnapshotCompression(true);
        DatasetSchema schema = codec.schema();
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        Properties clientProps = KafkaClientProperties.from(conf);
        var source = KafkaSource.<RawClick>builder()
                .setProperties(clientProps)
                .setBootstrapServers(servers)
                .setTopics(conf.get(KafkaOptions.CLICKS_TOPIC))
                .setGroupId(conf.get(KafkaOptions.GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ClickDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (conf.get(KafkaOptions.BOUNDED)) {
            long stopAt = conf.get(KafkaOptions.STOP_AT_OFFSET);
            source.setBounded(stopAt < 0 ? OffsetsInitializer.latest() : new FixedEndOffsets(stopAt));
        }

        GprecConfig model = modelConfig(conf);
        FieldLayout layout = new FieldLayout(schema.indicesOf(FieldRole.PERSONAL), schema.indicesOf(FieldRole.USER),
                schema.indicesOf(FieldRole.ITEM));

        DataStream<RawClick> raw = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "clicks").uid("clicks-source");
        SingleOutputStreamOperator<TrainingEvent> events = raw
                .process(new DecodeFunction(codec))
                .returns(TypeInformation.of(TrainingEvent.class))
                .name("validate").uid("validate");
        SingleOutputStreamOperator<Prediction> predictions = events
                .keyBy(e -> e.userId, TypeInformation.of(String.class))
                .transform("gprec-trainer", TypeInformation.of(Prediction.class), new GprecTrainerOperator(model, layout,
                        conf.get(TrainerOptions.BATCH_SIZE), conf.get(TrainerOptions.MAX_WAIT).toMillis(),
                        conf.get(TrainerOptions.SNAPSHOT_DIR), conf.get(TrainerOptions.FAIL_AFTER_EVENTS), SyncSettings.from(conf),
                        conf.get(StateOptions.TTL).toMillis()))
                .uid("gprec-trainer");
        // a delta's last network buffer would otherwise wait up to execution.buffer-timeout (100 ms) for the flusher,
        // and a sync round is on the trainers' critical path (gprec.sync.max-staleness)
        if (env.getParallelism() > 1) predictions.setBufferTimeout(SYNC_BUFFER_TIMEOUT_MS);
        String prefix = conf.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX);

        // Parameter sync (docs/SCALING.md): deltas → averaging step → feedback topic → every trainer subtask. Built at any
        // parallelism, idle at 1, so that a savepoint restores at another parallelism without unmatched operators.
        predictions.getSideOutput(GprecTrainerOperator.DELTAS)
                .transform("sync-averager", TypeInformation.of(KafkaOut.class), new SyncAveragerOperator(conf.get(SyncOptions.COMBINE)))
                // its own chain: chained to the trainer at P = 1, its max parallelism of 1 would become the trainer's,
                // leaving the keyed user state one key group that no rescale can split
                .setParallelism(1).setMaxParallelism(1).uid("sync-averager").startNewChain()
                .sinkTo(syncSink(servers, clientProps, conf, prefix + "-sync"))
                .setParallelism(1).name("sync-sink").uid("sync-sink");

        // The trainer's thread is the job's bottleneck: hand every prediction over once, to a task that encodes and
        // sinks it and keeps the metrics, so that work runs on another core instead of between mini-batches.
        DataStream<Prediction> handedOver = predictions.map(p -> p).returns(TypeInformation.of(Prediction.class))
                .name("hand-over").uid("hand-over").startNewChain();

        handedOver
                .map(p -> new KafkaOut(p.userId().getBytes(StandardCharsets.UTF_8), OutputCodec.encode(p)))
                .returns(TypeInformation.of(KafkaOut.class)).name("encode-predictions").uid("encode-predictions")
                .sinkTo(sink(servers, clientProps, new KafkaOutSerializer(conf.get(KafkaOptions.PREDICTIONS_TOPIC)), prefix + "-predictions"))
                .name("predictions-sink").uid("predictions-sink");
        int groups = model.kind != ModelKind.BASE ? model.groups : 0;
        handedOver
                .transform("metrics", TypeInformation.of(KafkaOut.class),
                        new MetricsOperator(conf.get(TrainerOptions.METRICS_WINDOW), groups, conf.get(TrainerOptions.METRICS_EVERY),
                                runName(model)))
                .setParallelism(1).setMaxParallelism(1).uid("metrics")
                .sinkTo(sink(servers, clientProps, new KafkaOutSerializer(conf.get(KafkaOptions.METRICS_TOPIC)), prefix + "-metrics"))
                .setParallelism(1).name("metrics-sink").uid("metrics-sink");
        events.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .sinkTo(sink(servers, clientProps, new DeadLetterSerializer(conf.get(KafkaOptions.DEAD_LETTER_TOPIC)), prefix + "-dead-letters"))
                .name("dead-letter-sink").uid("dead-letter-sink");
    }

    /**
     * The feedback sink: transactional for exactly-once delivery; for at-least-once a plain producer that sends each chunk
     * at once (no linger), so an update is readable (read_uncommitted) milliseconds after its round completes. Records
     * are flushed at every checkpoint, so an update emitted before a completed checkpoint is in the topic after a restore.
     */
    private static KafkaSink<KafkaOut> syncSink(String servers, Properties clientProps, Configuration conf, String transactionalIdPrefix) {
        var serializer = new KafkaOutSerializer(conf.get(SyncOptions.TOPIC));
        if (conf.get(SyncOptions.DELIVERY) == SyncDelivery.EXACTLY_ONCE) return sink(servers, clientProps, serializer, transactionalIdPrefix);
        return KafkaSink.<KafkaOut>builder()
                .setKafkaProducerConfig(clientProps)
                .setBootstrapServers(servers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "0")
                // the chunks of one update stay contiguous and in order: one partition, idempotent producer
                .setProperty("enable.idempotence", "true")
                .build();
    }

    private static <T> KafkaSink<T> sink(String servers, Properties clientProps,
                                         org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> serializer,
                                         String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(clientProps)
                .setBootstrapServers(servers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }

    /** Every setting checked up front, with a one-line message naming the key. */
    public static void validate(Configuration conf) {
        java.util.Set<String> known = knownKeys();
        for (String key : conf.keySet()) {
            if (key.startsWith("gprec.") && !known.contains(key) && !key.startsWith(KafkaClientProperties.PREFIX)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; known gprec keys: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        KafkaClientProperties.validate(conf);
        OptionValues.check(conf, OPTION_HOLDERS);
        OptionRanges.check(conf);
        modelConfig(conf);
    }

    /** The model the gprec.trainer.* keys describe; IllegalArgumentException naming the keys when they do not fit together. */
    static GprecConfig modelConfig(Configuration conf) {
        try {
            return GprecConfig.builder()
                    .kind(conf.get(TrainerOptions.MODEL))
                    .strategy(conf.get(TrainerOptions.STRATEGY))
                    .backbone(conf.get(TrainerOptions.BACKBONE))
                    .groups(conf.get(TrainerOptions.GROUPS))
                    .seed(conf.get(TrainerOptions.SEED))
                    .adam(io.gprec.model.AdamSettings.of(conf.get(TrainerOptions.LEARNING_RATE),
                            io.gprec.model.GprecConfig.builder().build().adam.weightDecay()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TrainerOptions.MODEL.key() + "/" + TrainerOptions.STRATEGY.key() + "/"
                    + TrainerOptions.BACKBONE.key() + ": " + e.getMessage(), e);
        }
    }

    /** The run's name in metrics records: "gprec", "base", "dgpm", with the backbone appended when not the MLP ("gprec-gdcn"). */
    static String runName(GprecConfig model) {
        String name = model.kind.name().toLowerCase(java.util.Locale.ROOT);
        return model.backbone == io.gprec.model.BackboneKind.MLP ? name : name + "-" + model.backbone.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Every gprec.* key the job reads (the ConfigOption constants of KafkaOptions, TrainerOptions and DataOptions). */
    static java.util.Set<String> knownKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Class<?> holder : OPTION_HOLDERS) {
            for (java.lang.reflect.Field f : holder.getFields()) {
                if (f.getType() == org.apache.flink.configuration.ConfigOption.class) {
                    try {
                        keys.add(((org.apache.flink.configuration.ConfigOption<?>) f.get(null)).key());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return keys;
    }

    /**
     * Entry point for {@code flink run} and the REST API: settings come from the cluster's
     * configuration plus {@code --key value} overrides (keys of KafkaOptions / TrainerOptions).
     * Checks every setting and that the brokers and topics are there before submitting.
     *
     * <pre>
     * flink run -c io.gprec.stream.GprecJob gprec-stream.jar --gprec.kafka.bootstrap-servers kafka:9092
     * </pre>
     */
    public static void main(String[] args) throws Exception {
        Configuration overrides = new Configuration();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("gprec: expected --key value pairs, got '" + args[i] + "'");
            }
            overrides.setString(args[i].substring(2), args[++i]);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(overrides);
        // the cluster's configuration (gprec.* keys in its config.yaml), then the program args over it
        Configuration conf = Configuration.fromMap(env.getConfiguration().toMap());
        conf.addAll(overrides);
        try {
            validate(conf);
            java.util.List<String> topics = new java.util.ArrayList<>(java.util.List.of(conf.get(KafkaOptions.CLICKS_TOPIC),
                    conf.get(KafkaOptions.PREDICTIONS_TOPIC), conf.get(KafkaOptions.METRICS_TOPIC), conf.get(KafkaOptions.DEAD_LETTER_TOPIC)));
            if (env.getParallelism() > 1) topics.add(conf.get(SyncOptions.TOPIC)); // read only when trainers sync
            KafkaPreflight.check(conf.get(KafkaOptions.BOOTSTRAP_SERVERS), KafkaClientProperties.from(conf), topics, java.time.Duration.ofSeconds(15));
            build(env, conf, DataOptions.codec(conf));
        } catch (IllegalArgumentException e) {
            // no System.exit: for a REST submission this main runs inside the JobManager, which would exit with it.
            // `flink run` and scripts/submit.sh show this line.
            throw new IllegalArgumentException("gprec: " + e.getMessage(), e);
        }
        env.execute("gprec");
    }

    /** The default schema: MovieLens (as replayed by the local run). */
    public static DatasetSchema defaultSchema() {
        return DatasetReaders.movieLensSchema();
    }
}
