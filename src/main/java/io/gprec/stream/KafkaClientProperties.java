package io.gprec.stream;

import org.apache.flink.configuration.Configuration;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client settings for every Kafka client the project creates (the job's source, its three sinks, the preflight
 * check; the local run's own clients and those of replay, generate --kafka, dashboard and soak, via io.gprec.cli.KafkaFlags):
 * {@code gprec.kafka.properties.<kafka key>: value}, e.g. {@code gprec.kafka.properties.security.protocol: SASL_SSL}.
 * This is how SASL/SSL and other client tuning reach the job. Values are never echoed in messages, since some are
 * secrets ({@code sasl.jaas.config}, passwords).
 */
public final class KafkaClientProperties {
    public static final String PREFIX = "gprec.kafka.properties.";

    /** Settings the job owns: set through their own keys, or fixed because exactly-once depends on them. */
    private static final Map<String, String> OWNED = Map.of(
            "bootstrap.servers", KafkaOptions.BOOTSTRAP_SERVERS.key(),
            "group.id", KafkaOptions.GROUP_ID.key(),
            "transactional.id", KafkaOptions.TRANSACTIONAL_ID_PREFIX.key(),
            "isolation.level", "(always read_committed: the job reads only committed clicks)",
            "enable.idempotence", "(the exactly-once sinks need it)",
            "key.deserializer", "(the job's own)", "value.deserializer", "(the job's own)",
            "key.serializer", "(the job's own)", "value.serializer", "(the job's own)");

    private KafkaClientProperties() {}

    /** The pass-through settings of conf, with the prefix removed. */
    public static Properties from(Configuration conf) {
        Properties props = new Properties();
        for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                props.setProperty(e.getKey().substring(PREFIX.length()), e.getValue());
            }
        }
        return props;
    }

    /** Throws IllegalArgumentException naming the first pass-through key the job does not accept. */
    public static void validate(Configuration conf) {
        for (String key : List.copyOf(conf.keySet())) {
            if (!key.startsWith(PREFIX)) continue;
            String kafkaKey = key.substring(PREFIX.length());
            if (kafkaKey.isBlank()) {
                throw new IllegalArgumentException(key + " names no Kafka setting; use " + PREFIX + "<kafka client key>");
            }
            String owner = OWNED.get(kafkaKey);
            if (owner != null) {
                throw new IllegalArgumentException(key + " cannot be passed through: " + (owner.startsWith("(") ? owner
                        : "set " + owner + " instead"));
            }
        }
    }
}
