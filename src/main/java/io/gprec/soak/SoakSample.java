package io.gprec.soak;

import java.util.List;

/**
 * One reading of a running job, taken every few seconds by {@link SoakSampler}; a CSV row of the soak's series.
 *
 * @param seconds              seconds since the first sample
 * @param heapUsedBytes        heap used by the TaskManager JVMs (sum; Flink's Status.JVM.Memory.Heap.Used)
 * @param rocksDbBytes         bytes of the RocksDB working directories on the TaskManagers' local disk
 * @param checkpointDirBytes   bytes under the job's checkpoint directory (the retained checkpoints)
 * @param checkpointId         id of the latest completed checkpoint (0 = none yet)
 * @param checkpointMillis     its end-to-end duration
 * @param checkpointStateBytes its full state size (Flink's state_size)
 * @param checkpointedBytes    what it persisted (Flink's checkpointed_size: the increment, for incremental checkpoints)
 * @param failedCheckpoints    checkpoints failed so far
 * @param consumerLag          clicks not yet committed by the job's consumer group (-1 = unknown)
 * @param eventsConsumed       clicks committed by the job's consumer group, i.e. consumed and checkpointed (-1 = unknown;
 *                             older CSVs have no such column)
 */
public record SoakSample(double seconds, long heapUsedBytes, long rocksDbBytes, long checkpointDirBytes, long checkpointId,
                         long checkpointMillis, long checkpointStateBytes, long checkpointedBytes, long failedCheckpoints,
                         long consumerLag, long eventsConsumed) {

    /** The header of the CSVs written before the events_consumed column (still read). */
    static final String CSV_HEADER_V1 = "seconds,heap_used_bytes,rocksdb_bytes,checkpoint_dir_bytes,checkpoint_id,"
            + "checkpoint_duration_ms,checkpoint_state_bytes,checkpointed_bytes,failed_checkpoints,consumer_lag";
    public static final String CSV_HEADER = CSV_HEADER_V1 + ",events_consumed";

    /** A sample without the consumed count (unknown). */
    public SoakSample(double seconds, long heapUsedBytes, long rocksDbBytes, long checkpointDirBytes, long checkpointId,
                      long checkpointMillis, long checkpointStateBytes, long checkpointedBytes, long failedCheckpoints, long consumerLag) {
        this(seconds, heapUsedBytes, rocksDbBytes, checkpointDirBytes, checkpointId, checkpointMillis, checkpointStateBytes,
                checkpointedBytes, failedCheckpoints, consumerLag, -1);
    }

    public String csvLine() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", seconds, heapUsedBytes, rocksDbBytes,
                checkpointDirBytes, checkpointId, checkpointMillis, checkpointStateBytes, checkpointedBytes, failedCheckpoints, consumerLag,
                eventsConsumed);
    }

    /** A row written by {@link #csvLine()} (or by the older 10-column format); throws IllegalArgumentException naming the line otherwise. */
    public static SoakSample parse(String line) {
        String[] f = line.trim().split(",");
        if (f.length != 10 && f.length != 11) {
            throw new IllegalArgumentException("expected 11 columns (" + CSV_HEADER + "), got " + f.length + ": " + line);
        }
        try {
            return new SoakSample(Double.parseDouble(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
                    Long.parseLong(f[9]), f.length == 11 ? Long.parseLong(f[10]) : -1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a soak sample row: " + line);
        }
    }

    /** Rows of a CSV with {@link #CSV_HEADER} (or the older header without events_consumed). */
    public static List<SoakSample> parseCsv(List<String> lines) {
        String header = lines.isEmpty() ? "" : lines.get(0).trim();
        if (!header.equals(CSV_HEADER) && !header.equals(CSV_HEADER_V1)) {
            throw new IllegalArgumentException("not a soak CSV: the first line must be " + CSV_HEADER);
        }
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(SoakSample::parse).toList();
    }
}
