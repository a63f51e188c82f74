package io.gprec.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A soak series that must stay flat, with the slack under which a change does not count (a 20 ms checkpoint that
 * becomes 30 ms is +50 % but no trend).
 */
public enum Series {
    HEAP("TaskManager heap used", "MiB", 1 << 20, 64, SoakSample::heapUsedBytes),
    ROCKSDB("RocksDB on disk", "MiB", 1 << 20, 8, SoakSample::rocksDbBytes),
    CHECKPOINT_DURATION("checkpoint duration", "ms", 1, 500, SoakSample::checkpointMillis),
    CHECKPOINT_SIZE("checkpoint state size", "MiB", 1 << 20, 8, SoakSample::checkpointStateBytes),
    /** Bounded, not flat to the record: the source commits once per checkpoint, so it saw-tooths by a checkpoint's worth. */
    CONSUMER_LAG("consumer lag", "records", 1, 20_000, SoakSample::consumerLag);

    public final String title;
    public final String unit;
    private final double unitScale;
    /** Absolute change (in {@link #unit}) that is flat whatever the ratio. */
    public final double slack;
    private final ToDoubleFunction<SoakSample> raw;

    Series(String title, String unit, double unitScale, double slack, ToDoubleFunction<SoakSample> raw) {
        this.title = title;
        this.unit = unit;
        this.unitScale = unitScale;
        this.slack = slack;
        this.raw = raw;
    }

    /** The value of this series in a sample, in {@link #unit}. */
    public double of(SoakSample s) {
        return raw.applyAsDouble(s) / unitScale;
    }

    public double[] values(List<SoakSample> samples) {
        return samples.stream().mapToDouble(this::of).toArray();
    }
}
