package io.gprec.stream;

import io.gprec.kafka.CommittedRecords;
import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Waits in an IT until a running job has committed enough predictions, failing fast if the job ends first. */
final class CommittedPredictions {
    private static final long TIMEOUT_SECONDS = 150;

    private CommittedPredictions() {}

    static void await(Properties clientProperties, String topic, int expected, JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            int n = CommittedRecords.readAll(clientProperties, topic, Duration.ofSeconds(30)).size();
            if (n >= expected) return;
            if (job.getJobStatus().get().isGloballyTerminalState()) throw new AssertionError(topic + ": the job ended after " + n + " predictions");
            if (System.nanoTime() > deadline) {
                throw new AssertionError(topic + ": " + n + " of " + expected + " predictions in " + TIMEOUT_SECONDS + " s");
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
    }
}
