package io.gprec.stream;

import io.gprec.dashboard.DashboardOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values that parse but that the job cannot use (a batch of 0, a negative wait, a port of 70000, a topic name
 * Kafka refuses, the same topic for input and output, a schema file that is not there), each refused with one line
 * naming the key, what it accepts and the value: {@code KEY must be ACCEPTED, got VALUE}.
 */
final class OptionRanges {
    private OptionRanges() {}

    /** Throws IllegalArgumentException for the first value out of range; the values parse (see {@link OptionValues}). */
    static void check(Configuration conf) {
        atLeast(conf, TrainerOptions.BATCH_SIZE, 1, "> 0");
        atLeast(conf, TrainerOptions.GROUPS, 1, "> 0");
        if (!(conf.get(TrainerOptions.LEARNING_RATE) > 0) || conf.get(TrainerOptions.LEARNING_RATE).isInfinite()) {
            throw new IllegalArgumentException(TrainerOptions.LEARNING_RATE.key() + " must be a number > 0, got " + conf.get(TrainerOptions.LEARNING_RATE));
        }
        atLeast(conf, TrainerOptions.METRICS_WINDOW, 1, "> 0");
        atLeast(conf, TrainerOptions.METRICS_EVERY, 1, "> 0");
        atLeast(conf, TrainerOptions.FAIL_AFTER_EVENTS, 0, ">= 0 (0 = never)");
        atLeast(conf, KafkaOptions.STOP_AT_OFFSET, -1, ">= 0, or -1 for the end offsets seen at start");
        atLeast(conf, DashboardOptions.HISTORY, 1, "> 0");
        atLeast(conf, SyncOptions.EVERY_BATCHES, 0, ">= 0 (0 = by gprec.sync.interval only)");
        if (conf.get(SyncOptions.EVERY_BATCHES) == 0 && !isPositive(conf.get(SyncOptions.INTERVAL))) {
            throw new IllegalArgumentException(SyncOptions.EVERY_BATCHES.key() + " is 0 and " + SyncOptions.INTERVAL.key()
                    + " is off: set one of them so that parallel trainers sync");
        }
        atLeast(conf, SyncOptions.MAX_STALENESS, -1, ">= 0 mini-batches, or -1 for no wait");
        if (conf.get(SyncOptions.MAX_STALENESS) >= 0 && conf.get(SyncOptions.DELIVERY) == SyncDelivery.EXACTLY_ONCE) {
            throw new IllegalArgumentException(SyncOptions.MAX_STALENESS.key() + " must be -1 with " + SyncOptions.DELIVERY.key()
                    + " exactly-once (its rounds wait for a checkpoint that a waiting subtask would hold up), got "
                    + conf.get(SyncOptions.MAX_STALENESS));
        }
        if (!isPositive(conf.get(SyncOptions.STALENESS_TIMEOUT))) {
            throw new IllegalArgumentException(SyncOptions.STALENESS_TIMEOUT.key() + " must be > 0, got " + conf.get(SyncOptions.STALENESS_TIMEOUT));
        }
        if (!isPositive(conf.get(SyncOptions.POLL_INTERVAL))) {
            throw new IllegalArgumentException(SyncOptions.POLL_INTERVAL.key() + " must be > 0, got " + conf.get(SyncOptions.POLL_INTERVAL));
        }
        if (conf.get(StateOptions.TTL).isNegative()) {
            String raw = conf.toMap().getOrDefault(StateOptions.TTL.key(), conf.get(StateOptions.TTL).toMillis() + " ms");
            throw new IllegalArgumentException(StateOptions.TTL.key() + " must be >= 0 (0 = never expire), got " + raw);
        }
        if (conf.get(TrainerOptions.MAX_WAIT).isNegative()) {
            throw new IllegalArgumentException(TrainerOptions.MAX_WAIT.key() + " must be >= 0, got " + conf.get(TrainerOptions.MAX_WAIT));
        }
        int port = conf.get(DashboardOptions.PORT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(DashboardOptions.PORT.key() + " must be a port in 0..65535 (0 = any free port), got " + port);
        }
        for (ConfigOption<String> key : List.of(KafkaOptions.GROUP_ID, KafkaOptions.TRANSACTIONAL_ID_PREFIX,
                TrainerOptions.SNAPSHOT_DIR, DashboardOptions.BIND)) {
            if (conf.get(key).isBlank()) throw new IllegalArgumentException(key.key() + " must not be empty");
        }
        String servers = conf.get(KafkaOptions.BOOTSTRAP_SERVERS);
        String problem = KafkaNames.serversProblem(servers);
        if (problem != null) {
            throw new IllegalArgumentException(KafkaOptions.BOOTSTRAP_SERVERS.key() + " must be " + KafkaNames.SERVERS_ACCEPTED
                    + ", got '" + servers + "' (" + problem + ")");
        }
        topics(conf);
        paths(conf);
    }

    private static boolean isPositive(java.time.Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    /** Legal Kafka names, and five different topics (the sync feedback topic included): the job would read its own predictions, or mix its outputs. */
    private static void topics(Configuration conf) {
        Map<String, String> seen = new HashMap<>();
        for (ConfigOption<String> key : List.of(KafkaOptions.CLICKS_TOPIC, KafkaOptions.PREDICTIONS_TOPIC, KafkaOptions.METRICS_TOPIC,
                KafkaOptions.DEAD_LETTER_TOPIC, SyncOptions.TOPIC)) {
            String topic = conf.get(key);
            if (topic.isBlank()) throw new IllegalArgumentException(key.key() + " must not be empty");
            if (!KafkaNames.validTopic(topic)) {
                throw new IllegalArgumentException(key.key() + " must be a Kafka topic name, " + KafkaNames.TOPIC_ACCEPTED
                        + ", got '" + topic + "'");
            }
            String other = seen.putIfAbsent(topic, key.key());
            if (other != null) {
                throw new IllegalArgumentException(key.key() + " must differ from " + other + ", both are '" + topic + "'");
            }
        }
    }

    /** What can be checked where the job is configured: the schema file is read there, the snapshot dir must be a directory. */
    private static void paths(Configuration conf) {
        String schema = conf.get(DataOptions.SCHEMA_FILE).trim();
        if (!schema.isEmpty() && !Files.isRegularFile(path(DataOptions.SCHEMA_FILE, schema))) {
            throw new IllegalArgumentException(DataOptions.SCHEMA_FILE.key() + " must be an existing schema file (or empty for "
                    + "MovieLens), got '" + schema + "'");
        }
        String snapshots = conf.get(TrainerOptions.SNAPSHOT_DIR);
        Path dir = path(TrainerOptions.SNAPSHOT_DIR, snapshots);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(TrainerOptions.SNAPSHOT_DIR.key() + " must be a directory (it is created if missing), "
                    + "got the file '" + snapshots + "'");
        }
    }

    private static Path path(ConfigOption<String> key, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key.key() + " must be a file path, got '" + value + "'");
        }
    }

    private static <T extends Number> void atLeast(Configuration conf, ConfigOption<T> key, long min, String accepted) {
        long v = conf.get(key).longValue();
        if (v < min) throw new IllegalArgumentException(key.key() + " must be " + accepted + ", got " + v);
    }
}
