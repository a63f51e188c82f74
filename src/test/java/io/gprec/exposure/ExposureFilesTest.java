package io.gprec.exposure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the deployment files make things listen: loopback unless configured otherwise. (The running processes are
 * checked by ExposureIT for the local run and ClusterRecoveryIT for scripts/cluster-local.sh.)
 */
class ExposureFilesTest {
    @Test
    void dockerComposePublishesEveryPortOnLoopbackUnlessToldOtherwise() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("docker/docker-compose.yml").toFile());
        List<String> published = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("ports").forEach(p -> published.add(p.asText())));
        assertThat(published).hasSizeGreaterThanOrEqualTo(4)
                .allMatch(p -> p.matches("\\$\\{GPREC_PUBLISH_ADDRESS:-127\\.0\\.0\\.1\\}:\\d+:\\d+"));
    }

    @Test
    void theLocalClusterBindsEveryFlinkAndKafkaSocketToLoopback() throws Exception {
        String script = Files.readString(Path.of("scripts/cluster-local.sh"));
        for (String key : List.of("jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.host", "taskmanager.bind-host",
                "rest.address", "rest.bind-address", "metrics.reporter.prom.host")) {
            assertThat(script).as(key).contains(key + ": 127.0.0.1");
        }
        // Flink's own Prometheus reporter ignores the host: the cluster uses one that does not
        assertThat(Files.readString(Path.of("flink-conf/cluster-local.yaml")))
                .contains("metrics.reporter.prom.factory.class: io.gprec.cluster.LoopbackPrometheusReporterFactory");
        assertThat(Files.readString(Path.of("scripts/cluster-local/LoopbackPrometheusReporterFactory.java")))
                .contains("new InetSocketAddress(host, port)");
        String kraft = Files.readString(Path.of("scripts/lib/kraft.sh"));
        assertThat(kraft).contains("listeners=PLAINTEXT://127.0.0.1:$broker_port,CONTROLLER://127.0.0.1:$controller_port");
    }

    @Test
    void theDashboardDefaultsToLoopback() throws Exception {
        assertThat(Files.readString(Path.of("flink-conf/config.yaml"))).contains("gprec.dashboard.bind: 127.0.0.1");
        assertThat(io.gprec.dashboard.DashboardOptions.BIND.defaultValue()).isEqualTo("127.0.0.1");
    }
}
