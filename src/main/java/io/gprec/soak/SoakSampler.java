package io.gprec.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples a running job every few seconds for a fixed time: TaskManager heap (REST metrics), RocksDB's working files
 * and the checkpoint directory (on disk), the latest checkpoint's duration and size (REST), appending each row to a CSV
 * as it goes, so an interrupted soak keeps what it measured.
 */
public final class SoakSampler {
    private final FlinkRest rest;
    private final String jobId;
    private final Path localDir, checkpointDir;
    private final java.util.function.LongSupplier lag;

    /** lag: the job's consumer lag on the clicks topic (see {@link ConsumerLag}), or -1 when not measured. */
    public SoakSampler(FlinkRest rest, String jobId, Path localDir, Path checkpointDir, java.util.function.LongSupplier lag) {
        this.rest = rest;
        this.jobId = jobId;
        this.localDir = localDir;
        this.checkpointDir = checkpointDir;
        this.lag = lag;
    }


    /** One sample, {@code seconds} after the start. */
    SoakSample sample(double seconds) throws IOException {
        FlinkRest.Checkpoints c = rest.checkpoints(jobId);
        return new SoakSample(seconds, rest.taskManagerHeapUsed(), DirectorySize.rocksDb(localDir), DirectorySize.of(checkpointDir),
                c.latestId(), c.durationMillis(), c.stateBytes(), c.checkpointedBytes(), c.failed(), lag.getAsLong());
    }

    /**
     * Samples every {@code every} for {@code length}, writing the CSV; stops early (IllegalStateException) if the job
     * ends or fails. A job that is restarting is sampled on (its checkpoints say what happened).
     */
    public List<SoakSample> run(Duration length, Duration every, Path csv, PrintStream log) throws IOException, InterruptedException {
        List<SoakSample> samples = new ArrayList<>();
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        long start = System.nanoTime(), end = start + length.toNanos();
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write(SoakSample.CSV_HEADER + "\n");
            for (long next = start; next <= end; next += every.toNanos()) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                String state = rest.jobState(jobId);
                if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                    throw new IllegalStateException("job " + jobId + " is " + state + " after " + samples.size() + " samples");
                }
                SoakSample s = sample((System.nanoTime() - start) / 1e9);
                samples.add(s);
                out.write(s.csvLine() + "\n");
                out.flush();
                log.printf(Locale.ROOT, "soak: %5.0f s  heap %6.1f MiB  rocksdb %6.1f MiB  checkpoint %d: %d ms, %.1f MiB  lag %d  (%s)%n",
                        s.seconds(), s.heapUsedBytes() / 1048576.0, s.rocksDbBytes() / 1048576.0, s.checkpointId(),
                        s.checkpointMillis(), s.checkpointStateBytes() / 1048576.0, s.consumerLag(), state);
            }
        }
        return samples;
    }
}
