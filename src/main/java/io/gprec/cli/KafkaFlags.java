package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.UsageException;
import io.gprec.stream.KafkaClientProperties;
import io.gprec.stream.KafkaNames;
import org.apache.flink.configuration.Configuration;

import java.util.Properties;

/**
 * The Kafka client settings of a command that talks to Kafka (replay, generate --kafka, dashboard, soak): the
 * {@code gprec.kafka.properties.*} keys of the config.yaml in {@code --conf-dir} (default flink-conf), so SASL/SSL
 * set once for the job reaches the command's clients too, plus the bootstrap servers given.
 */
final class KafkaFlags {
    private KafkaFlags() {}

    /** Pass-through settings of the command's config.yaml with bootstrap.servers = servers. */
    static Properties clientProperties(Args a, String servers) {
        return clientProperties(DashboardCommand.configuration(a), servers);
    }

    /** The value of a bootstrap-servers flag, or a usage error naming the flag and what it accepts. */
    static String servers(String flag, String value) {
        String problem = KafkaNames.serversProblem(value);
        if (problem != null) throw new UsageException(flag + " expects " + KafkaNames.SERVERS_ACCEPTED + ", got '" + value + "' (" + problem + ")");
        return value;
    }

    /** The value of a topic flag, or a usage error naming the flag and what it accepts. */
    static String topic(String flag, String value) {
        if (!KafkaNames.validTopic(value)) throw new UsageException(flag + " expects a Kafka topic name, " + KafkaNames.TOPIC_ACCEPTED + ", got '" + value + "'");
        return value;
    }

    static Properties clientProperties(Configuration conf, String servers) {
        try {
            KafkaClientProperties.validate(conf);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Properties p = KafkaClientProperties.from(conf);
        p.setProperty("bootstrap.servers", servers);
        return p;
    }
}
