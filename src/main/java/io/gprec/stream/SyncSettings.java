package io.gprec.stream;

import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.util.Properties;

/** What a trainer subtask needs to take part in parameter synchronisation (see {@link SyncOptions}). */
record SyncSettings(String servers, Properties clientProps, String topic, SyncDelivery delivery, boolean splitBatch, int everyBatches,
                    int maxStaleness, long stalenessTimeoutMillis, long intervalMillis, long pollMillis) implements Serializable {
    static SyncSettings from(Configuration conf) {
        return new SyncSettings(conf.get(KafkaOptions.BOOTSTRAP_SERVERS), KafkaClientProperties.from(conf), conf.get(SyncOptions.TOPIC),
                conf.get(SyncOptions.DELIVERY), conf.get(SyncOptions.SPLIT_BATCH), conf.get(SyncOptions.EVERY_BATCHES),
                conf.get(SyncOptions.MAX_STALENESS), conf.get(SyncOptions.STALENESS_TIMEOUT).toMillis(),
                conf.get(SyncOptions.INTERVAL).toMillis(), conf.get(SyncOptions.POLL_INTERVAL).toMillis());
    }

    /** The mini-batch of one of {@code parallelism} subtasks for a job batch of {@code batchSize}. */
    int subtaskBatch(int batchSize, int parallelism) {
        return splitBatch && parallelism > 1 ? (batchSize + parallelism - 1) / parallelism : batchSize;
    }
}
