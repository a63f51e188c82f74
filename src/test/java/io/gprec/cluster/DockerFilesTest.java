package io.gprec.cluster;

import io.gprec.stream.GprecJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker/ and flink-conf/ cluster files against the code: every dashboard query names a metric the
 * job registers (or one of Flink's own), the configurations load and hold only keys the job knows.
 * ClusterRecoveryIT checks the same names against a live Prometheus endpoint.
 */
class DockerFilesTest {
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    /** Flink's own metrics the dashboard uses (Flink docs, "Metrics": checkpointing, availability, Kafka source). */
    static final Set<String> FLINK_METRICS = Set.of(
            "flink_jobmanager_job_lastCheckpointDuration", "flink_jobmanager_job_lastCheckpointSize",
            "flink_jobmanager_job_lastCheckpointFullSize", "flink_jobmanager_job_numRestarts",
            OPERATOR + "KafkaSourceReader_KafkaConsumer_records_lag_max",
            OPERATOR + "KafkaSourceReader_KafkaConsumer_records_consumed_total");

    @Test
    void everyDashboardQueryNamesAMetricTheJobOrFlinkExports() throws Exception {
        Set<String> registered = jobGauges();
        assertThat(registered).contains(OPERATOR + "rollingAuc", OPERATOR + "eventsPerSecond", OPERATOR + "group_predictions");
        var panels = Dashboard.metricsByPanel();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(8);
        panels.forEach((title, names) -> {
            assertThat(names).as("metrics of panel '%s'", title).isNotEmpty();
            for (String name : names) {
                assertThat(registered.contains(name) || FLINK_METRICS.contains(name))
                        .as("panel '%s' queries %s, which neither the job's gauges nor the listed Flink metrics export", title, name)
                        .isTrue();
            }
        });
        // what the issue asks the dashboard to show
        assertThat(Dashboard.allMetrics()).contains(OPERATOR + "rollingAuc", OPERATOR + "rollingLogLoss", OPERATOR + "eventsPerSecond",
                OPERATOR + "KafkaSourceReader_KafkaConsumer_records_lag_max", "flink_jobmanager_job_lastCheckpointDuration",
                "flink_jobmanager_job_lastCheckpointSize", OPERATOR + "group_predictions", OPERATOR + "group_auc");
    }

    /**
     * Prometheus names of the gauges the job's operators register: gauge("x") → ..._operator_x, and a gauge
     * under addGroup("k", value) → ..._operator_k_x (the value becomes a label).
     */
    static Set<String> jobGauges() throws Exception {
        Set<String> names = new HashSet<>();
        Pattern gauge = Pattern.compile("\\.gauge\\(\"(\\w+)\"");
        Pattern keyGroup = Pattern.compile("(\\w+)\\s*=\\s*\\w+\\.addGroup\\(\"(\\w+)\",");
        try (var files = Files.walk(Path.of("src/main/java/io/gprec/stream"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher g = gauge.matcher(line);
                    if (!g.find()) continue;
                    String prefix = "";
                    // a gauge on a key/value group variable declared in the same file
                    Matcher owner = Pattern.compile("(\\w+)\\.gauge\\(").matcher(line);
                    if (owner.find()) {
                        Matcher decl = keyGroup.matcher(Files.readString(f));
                        while (decl.find()) if (decl.group(1).equals(owner.group(1))) prefix = decl.group(2) + "_";
                    }
                    names.add(OPERATOR + prefix + g.group(1));
                }
            }
        }
        return names;
    }

    @Test
    void theDockerFlinkConfigurationLoadsAndHoldsOnlyKeysTheJobKnows() {
        Configuration conf = GlobalConfiguration.loadConfiguration("docker/flink-conf");
        GprecJob.validate(conf);
        assertThat(conf.getString("gprec.kafka.bootstrap-servers", "")).isEqualTo("kafka:9092");
        assertThat(conf.getString("state.backend.type", "")).isEqualTo("rocksdb");
        assertThat(conf.getString("metrics.reporter.prom.factory.class", ""))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }

    @Test
    void theLocalClusterSettingsLoadAndLeaveTheHostKeysToTheScript(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("flink-conf/cluster-local.yaml"), dir.resolve("config.yaml"));
        Configuration conf = GlobalConfiguration.loadConfiguration(dir.toString());
        assertThat(conf.getString("state.backend.type", "")).isEqualTo("rocksdb");
        assertThat(conf.getString("execution.checkpointing.incremental", "")).isEqualTo("true");
        assertThat(conf.getString("metrics.reporter.prom.factory.class", "")).endsWith("PrometheusReporterFactory");
        // keys scripts/cluster-local.sh appends: twice in one YAML file would not load
        String script = Files.readString(Path.of("scripts/cluster-local.sh"));
        for (String key : List.of("jobmanager.rpc.port", "rest.port", "metrics.reporter.prom.port", "execution.checkpointing.dir",
                "execution.checkpointing.interval", "gprec.kafka.bootstrap-servers")) {
            assertThat(script).contains("\n" + key + ": ");
            assertThat(conf.containsKey(key)).as(key + " is the script's").isFalse();
        }
    }
}
