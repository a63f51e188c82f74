package io.gprec.stream.metrics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The quality and rate of a prediction stream at one moment; undefined values (AUC with one class, anything of an
 * empty stream) are NaN.
 *
 * @param events            predictions seen so far
 * @param cumulativeAucErrorBound the exact cumulative AUC is within this distance of {@code cumulativeAuc}
 * @param ctr               fraction of positive labels over the whole stream
 * @param eventsPerSecond   recent input rate, see {@link PrequentialMetrics}
 * @param modelVersion      model version of the latest prediction, -1 before the first
 * @param groupCounts       predictions per group (index = group)
 * @param groupAuc          cumulative AUC per group
 * @param timestampMillis   wall time of the snapshot in epoch milliseconds
 */
public record MetricsSnapshot(long events, double windowAuc, double windowLogLoss, double cumulativeAuc,
                              double cumulativeAucErrorBound, double cumulativeLogLoss, double ctr, double eventsPerSecond, long modelVersion,
                              long[] groupCounts, double[] groupAuc, long timestampMillis) {

    private static final JsonFactory JSON = new JsonFactory();

    public MetricsSnapshot {
        Objects.requireNonNull(groupCounts, "groupCounts");
        Objects.requireNonNull(groupAuc, "groupAuc");
        if (groupCounts.length != groupAuc.length) {
            throw new IllegalArgumentException(groupCounts.length + " group counts but " + groupAuc.length
                    + " group AUCs");
        }
        // Copy so the snapshot stays what it was when taken.
        groupCounts = groupCounts.clone();
        groupAuc = groupAuc.clone();
    }

    /** The counts per group; the internal array, not a copy, so treat it as read-only. */
    @Override
    public long[] groupCounts() {
        return groupCounts;
    }

    /** The AUC per group; the internal array, not a copy, so treat it as read-only. */
    @Override
    public double[] groupAuc() {
        return groupAuc;
    }

    /**
     * UTF-8 JSON with snake_case keys: events, window_auc, window_log_loss, cumulative_auc, cumulative_auc_error_bound,
     * cumulative_log_loss, ctr,
     * events_per_second, model_version, group_counts, group_auc, timestamp. NaN is written as null (JSON has no NaN).
     */
    public byte[] toJson() {
        return toJson(null);
    }

    /**
     * As {@link #toJson()}, led by {@code "model": model} when model is not null: names the run ("gprec", "base") so
     * readers of a metrics topic shared by several runs (the dashboard) can tell them apart.
     */
    public byte[] toJson(String model) {
        try (ByteArrayBuilder out = new ByteArrayBuilder()) {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                if (model != null) {
                    g.writeStringField("model", model);
                }
                g.writeNumberField("events", events);
                writeDouble(g, "window_auc", windowAuc);
                writeDouble(g, "window_log_loss", windowLogLoss);
                writeDouble(g, "cumulative_auc", cumulativeAuc);
                writeDouble(g, "cumulative_auc_error_bound", cumulativeAucErrorBound);
                writeDouble(g, "cumulative_log_loss", cumulativeLogLoss);
                writeDouble(g, "ctr", ctr);
                writeDouble(g, "events_per_second", eventsPerSecond);
                g.writeNumberField("model_version", modelVersion);
                g.writeArrayFieldStart("group_counts");
                for (long c : groupCounts) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("group_auc");
                for (double a : groupAuc) {
                    writeDouble(g, a);
                }
                g.writeEndArray();
                g.writeNumberField("timestamp", timestampMillis);
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e); // unreachable: no real I/O
        }
    }

    private static void writeDouble(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        writeDouble(g, v);
    }

    private static void writeDouble(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricsSnapshot other
                && events == other.events
                && Double.compare(windowAuc, other.windowAuc) == 0
                && Double.compare(windowLogLoss, other.windowLogLoss) == 0
                && Double.compare(cumulativeAuc, other.cumulativeAuc) == 0
                && Double.compare(cumulativeAucErrorBound, other.cumulativeAucErrorBound) == 0
                && Double.compare(cumulativeLogLoss, other.cumulativeLogLoss) == 0
                && Double.compare(ctr, other.ctr) == 0
                && Double.compare(eventsPerSecond, other.eventsPerSecond) == 0
                && modelVersion == other.modelVersion
                && Arrays.equals(groupCounts, other.groupCounts)
                && Arrays.equals(groupAuc, other.groupAuc)
                && timestampMillis == other.timestampMillis;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(events);
        h = 31 * h + Double.hashCode(windowAuc);
        h = 31 * h + Double.hashCode(windowLogLoss);
        h = 31 * h + Double.hashCode(cumulativeAuc);
        h = 31 * h + Double.hashCode(cumulativeAucErrorBound);
        h = 31 * h + Double.hashCode(cumulativeLogLoss);
        h = 31 * h + Double.hashCode(ctr);
        h = 31 * h + Double.hashCode(eventsPerSecond);
        h = 31 * h + Long.hashCode(modelVersion);
        h = 31 * h + Arrays.hashCode(groupCounts);
        h = 31 * h + Arrays.hashCode(groupAuc);
        return 31 * h + Long.hashCode(timestampMillis);
    }

    @Override
    public String toString() {
        return "MetricsSnapshot[events=" + events + ", windowAuc=" + windowAuc + ", windowLogLoss=" + windowLogLoss
                + ", cumulativeAuc=" + cumulativeAuc + ", cumulativeAucErrorBound=" + cumulativeAucErrorBound
                + ", cumulativeLogLoss=" + cumulativeLogLoss + ", ctr=" + ctr
                + ", eventsPerSecond=" + eventsPerSecond + ", modelVersion=" + modelVersion + ", groupCounts="
                + Arrays.toString(groupCounts) + ", groupAuc=" + Arrays.toString(groupAuc) + ", timestampMillis="
                + timestampMillis + "]";
    }
}
