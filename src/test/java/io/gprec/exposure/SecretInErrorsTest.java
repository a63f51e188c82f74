package io.gprec.exposure;

import io.gprec.cli.MainAccess;
import io.gprec.stream.GprecJob;
import io.gprec.stream.KafkaClientProperties;
import io.gprec.stream.KafkaPreflight;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A secret in the Kafka client settings never shows in an error: bad settings, an unreachable broker, a bad JAAS line. */
class SecretInErrorsTest {
    private static final String SECRET = "gprec-secret-" + UUID.randomUUID();
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"" + SECRET + "\";";

    private static Configuration withSecret() {
        Configuration conf = new Configuration();
        conf.setString(KafkaClientProperties.PREFIX + "sasl.jaas.config", JAAS);
        return conf;
    }

    @Test
    void validationErrorsNextToASecretDoNotEchoIt() {
        Configuration unknown = withSecret();
        unknown.setString("gprec.trainer.batchsize", "1");
        Configuration owned = withSecret();
        owned.setString(KafkaClientProperties.PREFIX + "bootstrap.servers", "x:1");
        Configuration range = withSecret();
        range.setString("gprec.trainer.batch-size", "0");
        for (Configuration c : List.of(unknown, owned, range)) {
            Throwable t = catchThrowable(() -> GprecJob.validate(c));
            assertThat(t).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).doesNotContain(SECRET).doesNotContain("jaas");
        }
    }

    @Test
    void anUnreachableBrokerWithSaslSettingsSaysSoWithoutTheSecret() {
        Configuration conf = withSecret();
        conf.setString(KafkaClientProperties.PREFIX + "security.protocol", "SASL_PLAINTEXT");
        conf.setString(KafkaClientProperties.PREFIX + "sasl.mechanism", "PLAIN");
        Throwable t = catchThrowable(() -> KafkaPreflight.check("127.0.0.1:1", KafkaClientProperties.from(conf), List.of("t"),
                Duration.ofSeconds(2)));
        assertThat(t).hasMessageContaining("cannot reach Kafka at 127.0.0.1:1");
        assertThat(chain(t)).doesNotContain(SECRET);
    }

    /** The commands print one line on an error; with a malformed JAAS line (a typo next to the password) too. */
    @Test
    void theCommandsErrorLinesNeverHoldTheSecret(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "gprec.kafka.properties.security.protocol: SASL_PLAINTEXT\n"
                + "gprec.kafka.properties.sasl.mechanism: PLAIN\n"
                + "gprec.kafka.properties.sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule requird "
                + "password=\"" + SECRET + "\"'\n");
        for (String[] args : List.of(
                new String[]{"generate", "--kafka", "127.0.0.1:1", "--topic", "t", "--events", "1", "--conf-dir", dir.toString()},
                new String[]{"dashboard", "--bootstrap-servers", "127.0.0.1:1", "--port", "0", "--conf-dir", dir.toString()},
                new String[]{"soak", "--rest", "http://127.0.0.1:1", "--job", "0123456789abcdef0123456789abcdef", "--local-dir", "x",
                        "--checkpoint-dir", "x", "--minutes", "0.01", "--bootstrap-servers", "127.0.0.1:1", "--conf-dir", dir.toString()})) {
            PrintStream oldOut = System.out, oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc;
            try (PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                System.setOut(p);
                System.setErr(p);
                rc = MainAccess.run(args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(rc).as(args[0] + ": " + text).isNotZero();
            assertThat(text).as(args[0]).contains("gprec: ").doesNotContain(SECRET);
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append('\n');
        return b.toString();
    }
}
