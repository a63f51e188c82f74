package io.gprec.stream;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Stops every partition at one fixed offset: for a bounded run over records still being produced. */
final class FixedEndOffsets implements OffsetsInitializer {
    private final long offset;

    FixedEndOffsets(long offset) {
        this.offset = offset;
    }

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) out.put(tp, offset);
        return out;
    }

    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
        return OffsetResetStrategy.LATEST;
    }
}
