package io.gprec.stream;

import io.gprec.kafka.LocalKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unreachable broker or a missing topic is one line naming what to fix. */
class KafkaPreflightIT {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void unreachableBrokerNamesTheAddressAndTheKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String servers = "127.0.0.1:" + port;
        assertThatThrownBy(() -> KafkaPreflight.check(servers, new Properties(), List.of("clicks"), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot reach Kafka at " + servers + " within 2 s (gprec.kafka.bootstrap-servers)");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void missingTopicIsNamed(@TempDir Path dir) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir)) {
            kafka.createTopic("clicks", 1);
            assertThatCode(() -> KafkaPreflight.check(kafka.bootstrapServers(), new Properties(), List.of("clicks"), Duration.ofSeconds(10)))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> KafkaPreflight.check(kafka.bootstrapServers(), new Properties(), List.of("clicks", "predictions"), Duration.ofSeconds(10)))
                    .hasMessageContaining("topic 'predictions' does not exist");

            // Pass-through settings reach the client: SASL against this plaintext listener cannot connect, and the
            // message does not carry the secret.
            Properties sasl = new Properties();
            sasl.setProperty("security.protocol", "SASL_PLAINTEXT");
            sasl.setProperty("sasl.mechanism", "PLAIN");
            sasl.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"gprec\" password=\"s3cret-7f3a\";");
            assertThatThrownBy(() -> KafkaPreflight.check(kafka.bootstrapServers(), sasl, List.of("clicks"), Duration.ofSeconds(3)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("cannot reach Kafka").doesNotContain("s3cret"));
        }
    }
}
