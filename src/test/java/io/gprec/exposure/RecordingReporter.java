package io.gprec.exposure;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kafka metrics reporter that remembers which clients were configured with it and whether their configuration
 * carried a SASL JAAS setting: given as {@code gprec.kafka.properties.metric.reporters}, it shows which clients got
 * the pass-through settings. It keeps no value of any setting.
 */
public final class RecordingReporter implements MetricsReporter {
    /** client.id of every client configured with this reporter and a sasl.jaas.config. */
    static final Set<String> WITH_JAAS = ConcurrentHashMap.newKeySet();

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get("client.id");
        if (id != null && configs.get("sasl.jaas.config") != null) WITH_JAAS.add(id.toString());
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
