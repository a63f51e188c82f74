package io.gprec.stream;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Where the job reads and writes: keys mirrored in flink-conf/config.yaml. */
public final class KafkaOptions {
    private KafkaOptions() {}

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("gprec.kafka.bootstrap-servers")
            .stringType().defaultValue("127.0.0.1:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> CLICKS_TOPIC = ConfigOptions.key("gprec.kafka.clicks-topic")
            .stringType().defaultValue("gprec.clicks").withDescription("Input topic of JSON click events, keyed by user id.");
    public static final ConfigOption<String> PREDICTIONS_TOPIC = ConfigOptions.key("gprec.kafka.predictions-topic")
            .stringType().defaultValue("gprec.predictions").withDescription("One prediction per valid click, made before training on it.");
    public static final ConfigOption<String> METRICS_TOPIC = ConfigOptions.key("gprec.kafka.metrics-topic")
            .stringType().defaultValue("gprec.metrics").withDescription("Rolling and cumulative AUC/LogLoss, rates and group statistics as JSON.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("gprec.kafka.dead-letter-topic")
            .stringType().defaultValue("gprec.dead-letters").withDescription("Malformed input records with the reason they were rejected.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("gprec.kafka.group-id")
            .stringType().defaultValue("gprec-trainer").withDescription("Consumer group of the clicks source.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("gprec.kafka.transactional-id-prefix")
            .stringType().defaultValue("gprec").withDescription("Prefix of the sinks' transactional ids; unique per job on a cluster.");
    public static final ConfigOption<Long> STOP_AT_OFFSET = ConfigOptions.key("gprec.kafka.stop-at-offset")
            .longType().defaultValue(-1L)
            .withDescription("With bounded: stop when every clicks partition reaches this offset (a replay still running "
                    + "when the job starts); -1 = the end offsets seen at start.");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("gprec.kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the clicks topic's end offsets seen at start (the local run), instead of running forever.");
}
