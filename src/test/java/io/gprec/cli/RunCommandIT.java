package io.gprec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local run as a user starts it, on the first events of ML-100K: broker, replay, job, summary. */
class RunCommandIT {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void localRunPredictsEveryReplayedEventOnce(@TempDir Path dir) throws Exception {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        Assumptions.assumeTrue(Files.isDirectory(data), "ML-100K not found at " + data.toAbsolutePath());
        Path report = dir.resolve("run.json");
        int rc = Main.run(new String[]{"run", "--data-dir", data.toString(), "--limit", "3000", "--work-dir",
                dir.resolve("work").toString(), "--conf-dir", "flink-conf", "--checkpoint-interval", "2 s",
                "--report-json", report.toString()});
        assertThat(rc).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("events").asLong()).isEqualTo(3000);
        assertThat(r.get("predictions").asLong()).isEqualTo(3000);
        assertThat(r.get("dead_letters").asLong()).isZero();
        assertThat(r.get("prequential_auc").asDouble()).isBetween(0.3, 1.0);
        assertThat(r.get("checkpoints_snapshotted").asInt()).isPositive();
        try (var files = Files.list(dir.resolve("work/snapshots"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".gprec"))).isNotEmpty();
        }
    }

    /** The synthetic stream has another schema (item field item_id, other features): the job must decode all of it. */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void localRunOnTheSyntheticStreamDecodesEveryEvent(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("run.json");
        int rc = Main.run(new String[]{"run", "--synthetic", "--synthetic-events", "3000", "--work-dir",
                dir.resolve("work").toString(), "--conf-dir", "flink-conf", "--checkpoint-interval", "2 s",
                "--report-json", report.toString()});
        assertThat(rc).isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("events").asLong()).isEqualTo(3000);
        assertThat(r.get("predictions").asLong()).isEqualTo(3000);
        assertThat(r.get("dead_letters").asLong()).isZero();
    }
}
