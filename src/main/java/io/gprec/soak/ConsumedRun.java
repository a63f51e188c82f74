package io.gprec.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run sampled until its stream was consumed ({@link SoakSampler#runUntilConsumed}) says: the rate, the
 * checkpoints' durations and sizes, the state on disk and the heap. The rate comes from the consumer group's committed
 * offsets, which move once per completed checkpoint, so a rate over less than a few checkpoint intervals saw-tooths.
 */
public final class ConsumedRun {
    private ConsumedRun() {}

    /**
     * Events per second over a trailing window: at each sample, (consumed now − consumed at the first sample at most
     * {@code windowSeconds} earlier) / the time between them; 0 where the count is unknown or no earlier sample exists.
     */
    public static double[] windowRates(List<SoakSample> samples, double windowSeconds) {
        double[] out = new double[samples.size()];
        int from = 0;
        for (int i = 0; i < samples.size(); i++) {
            SoakSample s = samples.get(i);
            while (samples.get(from).seconds() < s.seconds() - windowSeconds) from++;
            SoakSample a = samples.get(from);
            double dt = s.seconds() - a.seconds();
            out[i] = dt > 0 && a.eventsConsumed() >= 0 && s.eventsConsumed() >= 0 ? (s.eventsConsumed() - a.eventsConsumed()) / dt : 0;
        }
        return out;
    }

    /**
     * The run's figures as a report map. {@code events} is the stream's length, {@code taskManagers} how many TaskManagers
     * shared the heap. "overall" counts from the first sample (just after submission: includes the job's start-up);
     * "steady" from the first sample that shows a committed event, so start-up and the first checkpoint are left out.
     */
    public static Map<String, Object> summary(List<SoakSample> samples, long events, int taskManagers) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        if (taskManagers < 1) throw new IllegalArgumentException("taskManagers must be >= 1, got " + taskManagers);
        SoakSample last = samples.get(samples.size() - 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("events_consumed", last.eventsConsumed());
        m.put("seconds_until_consumed", last.seconds());
        m.put("events_per_second_overall", last.seconds() > 0 ? last.eventsConsumed() / last.seconds() : 0.0);
        SoakSample first = samples.stream().filter(s -> s.eventsConsumed() > 0).findFirst().orElse(last);
        double steadySeconds = last.seconds() - first.seconds();
        m.put("events_per_second_steady", steadySeconds > 0 ? (last.eventsConsumed() - first.eventsConsumed()) / steadySeconds : 0.0);

        // one entry per completed checkpoint: the samples repeat the latest one until the next completes
        List<SoakSample> checkpoints = new ArrayList<>();
        for (SoakSample s : samples) {
            if (s.checkpointId() > 0 && (checkpoints.isEmpty() || checkpoints.get(checkpoints.size() - 1).checkpointId() != s.checkpointId())) {
                checkpoints.add(s);
            }
        }
        m.put("checkpoints_seen", checkpoints.size());
        m.put("checkpoints_completed_last_id", last.checkpointId());
        m.put("checkpoints_failed", last.failedCheckpoints());
        m.put("checkpoint_duration_ms_median", median(checkpoints.stream().mapToDouble(SoakSample::checkpointMillis).toArray()));
        m.put("checkpoint_duration_ms_max", checkpoints.stream().mapToLong(SoakSample::checkpointMillis).max().orElse(0));
        m.put("checkpoint_state_bytes_last", last.checkpointStateBytes());
        m.put("checkpointed_bytes_median", median(checkpoints.stream().mapToDouble(SoakSample::checkpointedBytes).toArray()));
        m.put("checkpointed_bytes_max", checkpoints.stream().mapToLong(SoakSample::checkpointedBytes).max().orElse(0));
        m.put("checkpoint_dir_bytes_max", samples.stream().mapToLong(SoakSample::checkpointDirBytes).max().orElse(0));
        m.put("rocksdb_bytes_last", last.rocksDbBytes());
        m.put("rocksdb_bytes_max", samples.stream().mapToLong(SoakSample::rocksDbBytes).max().orElse(0));
        long heapMax = samples.stream().mapToLong(SoakSample::heapUsedBytes).max().orElse(0);
        m.put("task_managers", taskManagers);
        m.put("heap_used_bytes_max_all_task_managers", heapMax);
        m.put("heap_used_bytes_max_per_task_manager_average", heapMax / taskManagers);
        return m;
    }

    /** The panels of a scale run's plot: rate, checkpoint duration and sizes, RocksDB on disk, heap. */
    public static List<SoakPlot.Panel> panels(List<SoakSample> samples, int taskManagers) {
        double mib = 1 << 20;
        return List.of(
                new SoakPlot.Panel("consumption rate: committed offsets over a trailing 60 s", "events/s", windowRates(samples, 60)),
                new SoakPlot.Panel("latest checkpoint's duration", "ms", Series.CHECKPOINT_DURATION.values(samples)),
                new SoakPlot.Panel("latest checkpoint's full state size", "MiB", Series.CHECKPOINT_SIZE.values(samples)),
                new SoakPlot.Panel("latest checkpoint's persisted (incremental) size", "MiB",
                        samples.stream().mapToDouble(s -> s.checkpointedBytes() / mib).toArray()),
                new SoakPlot.Panel("RocksDB working files on disk", "MiB", Series.ROCKSDB.values(samples)),
                new SoakPlot.Panel("heap used per TaskManager (average of " + taskManagers + ")", "MiB",
                        samples.stream().mapToDouble(s -> s.heapUsedBytes() / mib / taskManagers).toArray()));
    }

    static double median(double[] v) {
        if (v.length == 0) return 0;
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
