package io.gprec.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    @Test
    void passesPrefixedKeysThroughWithoutThePrefix() {
        Configuration conf = new Configuration();
        conf.setString("gprec.kafka.properties.security.protocol", "SASL_SSL");
        conf.setString("gprec.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        conf.setString("gprec.kafka.clicks-topic", "c");
        Properties props = KafkaClientProperties.from(conf);
        assertThat(props).hasSize(2)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        GprecJob.validate(conf); // accepted: not an unknown gprec key
    }

    @Test
    void refusesSettingsTheJobOwnsAndNamesTheKeyToUse() {
        Configuration servers = new Configuration();
        servers.setString("gprec.kafka.properties.bootstrap.servers", "x:1");
        assertThatThrownBy(() -> GprecJob.validate(servers))
                .hasMessage("gprec.kafka.properties.bootstrap.servers cannot be passed through: set "
                        + "gprec.kafka.bootstrap-servers instead");
        Configuration isolation = new Configuration();
        isolation.setString("gprec.kafka.properties.isolation.level", "read_uncommitted");
        assertThatThrownBy(() -> GprecJob.validate(isolation)).hasMessageContaining("always read_committed");
        Configuration empty = new Configuration();
        empty.setString("gprec.kafka.properties.", "x");
        assertThatThrownBy(() -> GprecJob.validate(empty)).hasMessageContaining("names no Kafka setting");
    }
}
