package io.gprec.stream;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric reporter for MiniCluster tests: keeps every metric the job registers, by its full
 * identifier, also after the job ended (a gauge then reads the operator's last value). Enable with
 * {@code metrics.reporter.probe.factory.class: io.gprec.stream.MetricProbe$Factory}.
 */
public final class MetricProbe implements MetricReporter {
    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** The single metric whose identifier contains {@code job} (the job name) and ends with {@code .operator.name}. */
    static long value(String job, String operator, String name) {
        var found = METRICS.entrySet().stream()
                .filter(e -> e.getKey().contains("." + job + ".") && e.getKey().endsWith("." + operator + ".0." + name))
                .map(Map.Entry::getValue).toList();
        if (found.size() != 1) throw new AssertionError("expected one metric " + operator + "." + name + " of job " + job + ", found "
                + found.size() + " among " + METRICS.keySet().stream().filter(k -> k.contains(job)).toList());
        Metric m = found.get(0);
        if (m instanceof Counter c) return c.getCount();
        return ((Number) ((Gauge<?>) m).getValue()).longValue();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(metricName), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // kept: a test reads the final values after the job ended
    }

    /** Found through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricProbe();
        }
    }
}
