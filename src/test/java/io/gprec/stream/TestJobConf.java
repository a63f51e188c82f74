package io.gprec.stream;

import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;

/** The job settings every MiniCluster test starts from: its topics and a RocksDB checkpoint directory of its own. */
public final class TestJobConf {
    private TestJobConf() {}

    /**
     * Reads {@code clicks} (unbounded: set {@link KafkaOptions#BOUNDED} to stop at its end), writes {@code <prefix>-predictions|metrics|dead}, consumer group
     * {@code group}, transactional ids {@code <prefix>}; RocksDB checkpoints every {@code checkpointInterval} under
     * {@code dir/<prefix>-checkpoints}, model snapshots under {@code dir/<prefix>-snapshots}; no generic types.
     */
    public static Configuration of(String bootstrap, String clicks, String prefix, String group, Path dir, String checkpointInterval) {
        Configuration c = new Configuration();
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
        c.set(KafkaOptions.CLICKS_TOPIC, clicks);
        c.set(KafkaOptions.PREDICTIONS_TOPIC, prefix + "-predictions");
        c.set(KafkaOptions.METRICS_TOPIC, prefix + "-metrics");
        c.set(KafkaOptions.DEAD_LETTER_TOPIC, prefix + "-dead");
        c.set(KafkaOptions.GROUP_ID, group);
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        c.set(TrainerOptions.SNAPSHOT_DIR, dir.resolve(prefix + "-snapshots").toString());
        c.setString("state.backend.type", "rocksdb");
        c.setString("execution.checkpointing.dir", dir.resolve(prefix + "-checkpoints").toUri().toString());
        c.setString("execution.checkpointing.interval", checkpointInterval);
        c.setString("pipeline.generic-types", "false");
        return c;
    }
}
