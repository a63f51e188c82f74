package io.gprec.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** scripts/scale-run.sh's argument checking: a bad flag is one line naming it and exit 2, before anything is started. */
class ScaleRunScriptTest {
    @TempDir
    Path dir;

    private Scripts.Result run(String... args) throws Exception {
        return Scripts.run(Duration.ofSeconds(30), dir.resolve("scale-run.log"), "scale-run.sh", args);
    }

    private void rejects(String expected, String... args) throws Exception {
        Scripts.Result r = run(args);
        assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(r.output().strip().lines().count()).as("one line: " + r.output()).isEqualTo(1);
        assertThat(r.output()).startsWith("scale-run: " + expected);
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() throws Exception {
        rejects("unknown option --bogus", "--bogus");
        rejects("--users expects a whole number >= 1, got '0'", "--users", "0");
        rejects("--events expects a whole number >= 1, got '1e6'", "--events", "1e6");
        rejects("--parallelism expects a whole number >= 1, got '-1'", "--parallelism", "-1");
        rejects("--model expects gprec or base, got 'dgpm'", "--model", "dgpm");
        rejects("--batch expects a value", "--batch");
        rejects("--tm-memory expects a size like 4096m or 4g, got '4GB'", "--tm-memory", "4GB");
        rejects("--kafka-port expects a port number, got '70000'", "--kafka-port", "70000");
        rejects("--prom-ports expects ports like 29249-29260, got 'x'", "--prom-ports", "x");
        rejects("--checkpoint-interval expects a duration like '10 s' or '2 min', got '10'", "--checkpoint-interval", "10");
        // what follows -- is the job's: a bad flag before it is still refused
        rejects("unknown option --bogus", "--bogus", "--", "--gprec.sync.every-batches", "4");
    }

    @Test
    void clusterLocalTakesOnlyKeyValueOverrides() throws Exception {
        Scripts.Result r = Scripts.run(Duration.ofSeconds(30), dir.resolve("cluster-local.log"), "cluster-local.sh", "start",
                "--work-dir", dir.resolve("cluster").toString(), "--conf", "taskmanager.numberOfTaskSlots");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).startsWith("cluster-local: --conf expects KEY=VALUE (a Flink config key), got 'taskmanager.numberOfTaskSlots'");
    }

    @Test
    void helpPrintsTheHeader() throws Exception {
        Scripts.Result r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("scripts/scale-run.sh [--users 1000000]").contains("--until-consumed");
    }
}
