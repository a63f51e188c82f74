package io.gprec.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.cli.MainAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run (broker, MiniCluster, job, dashboard, its own clients) with a Kafka client setting that holds a
 * secret: every socket it listens on is on the loopback interface, every Kafka client it creates got the
 * gprec.kafka.properties.* settings, and the secret appears in no log line, no output and no error.
 */
class ExposureIT {
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theLocalRunListensOnLoopbackOnlyPassesKafkaSettingsToEveryClientAndNeverLogsTheSecret(@TempDir Path dir) throws Exception {
        String secret = "gprec-secret-" + UUID.randomUUID();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), Files.readString(Path.of("flink-conf/config.yaml")).replace("gprec.dashboard.port: 8088", "gprec.dashboard.port: 0")
                + "\ngprec.kafka.properties.sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"gprec\" password=\"" + secret + "\";'\n"
                + "gprec.kafka.properties.metric.reporters: " + RecordingReporter.class.getName() + "\n");
        Path report = dir.resolve("run.json");
        Set<ListeningSockets.Listen> before = ListeningSockets.ofThisProcess();
        Set<ListeningSockets.Listen> seen = new TreeSet<>();
        AtomicInteger rc = new AtomicInteger(-1);
        String output;
        Set<String> clients;
        try (KafkaClientCensus census = new KafkaClientCensus(); LogCapture capture = new LogCapture()) {
            Thread run = new Thread(() -> rc.set(MainAccess.run("run", "--synthetic", "--synthetic-events", "2000", "--rate", "1000",
                    "--work-dir", dir.resolve("work").toString(), "--conf-dir", conf.toString(), "--checkpoint-interval", "2 s",
                    "--report-json", report.toString())));
            run.start();
            while (run.isAlive()) {
                seen.addAll(ListeningSockets.ofThisProcess());
                run.join(200);
            }
            output = capture.all();
            clients = new TreeSet<>(census.clients);
        }
        assertThat(rc.get()).as(output.length() > 4000 ? output.substring(output.length() - 4000) : output).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("predictions").asLong()).isEqualTo(2000);

        // loopback only: the broker, the MiniCluster (REST, RPC, blob server) and the dashboard
        seen.removeAll(before);
        Matcher dashboard = Pattern.compile("dashboard: http://127\\.0\\.0\\.1:(\\d+)/").matcher(output);
        assertThat(dashboard.find()).as("the run printed the dashboard's address").isTrue();
        int dashboardPort = Integer.parseInt(dashboard.group(1));
        assertThat(seen).as("sockets the run listened on").extracting(ListeningSockets.Listen::port).contains(dashboardPort);
        assertThat(seen.size()).as("the broker, the controller, REST and the dashboard at least").isGreaterThanOrEqualTo(4);
        assertThat(seen).as("sockets the run listened on").allMatch(ListeningSockets.Listen::loopback);

        // pass-through: every producer, consumer and admin client of the run (the job's source, its enumerator's
        // admin client, the three sinks, the replay, the topic set-up, the metrics reader, the dashboard) had it
        assertThat(clients).anyMatch(c -> c.startsWith("kafka.producer/")).anyMatch(c -> c.startsWith("kafka.consumer/"))
                .anyMatch(c -> c.startsWith("kafka.admin.client/"));
        assertThat(clients).as("Kafka clients created during the run").hasSizeGreaterThanOrEqualTo(7);
        // the embedded broker's own probe talks to the PLAINTEXT broker it started, never to a configured Kafka
        clients.removeIf(c -> KafkaClientCensus.clientId(c).equals(io.gprec.kafka.LocalKafka.ADMIN_CLIENT_ID));
        for (String c : clients) {
            assertThat(RecordingReporter.WITH_JAAS).as("client " + c + " got gprec.kafka.properties.*").contains(KafkaClientCensus.clientId(c));
        }

        System.out.println("ExposureIT: listened on " + seen + "; " + clients.size() + " Kafka clients, all with the pass-through settings: " + clients);

        // no secret anywhere: the capture did see the clients' INFO logs (their config dumps), just not the password
        assertThat(output).contains("sasl.jaas.config");
        assertThat(output).doesNotContain(secret);
    }
}
