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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Samples a running job every few seconds, for a fixed time or until it has consumed a given number of events:
 * TaskManager heap (REST metrics), RocksDB's working files and the checkpoint directory (on disk), the latest
 * checkpoint's duration and size (REST), the consumer group's position, appending each row to a CSV as it goes, so an
 * interrupted soak keeps what it measured.
 */
public final class SoakSampler {
    private final FlinkRest rest;
    private final String jobId;
    private final Path localDir, checkpointDir;
    private final Supplier<ConsumerLag.Position> position;
    /** Consecutive samples that may fail on a REST error before the run gives up. */
    static final int MAX_FAILED_SAMPLES = 6;

    /** position: the job's consumer group on the clicks topic (see {@link ConsumerLag}), or {@link ConsumerLag.Position#UNKNOWN}. */
    public SoakSampler(FlinkRest rest, String jobId, Path localDir, Path checkpointDir, Supplier<ConsumerLag.Position> position) {
        this.rest = rest;
        this.jobId = jobId;
        this.localDir = localDir;
        this.checkpointDir = checkpointDir;
        this.position = position;
    }


    /** One sample, {@code seconds} after the start. */
    SoakSample sample(double seconds) throws IOException {
        FlinkRest.Checkpoints c = rest.checkpoints(jobId);
        ConsumerLag.Position p = position.get();
        return new SoakSample(seconds, rest.taskManagerHeapUsed(), DirectorySize.rocksDb(localDir), DirectorySize.of(checkpointDir),
                c.latestId(), c.durationMillis(), c.stateBytes(), c.checkpointedBytes(), c.failed(), p.lag(), p.committed());
    }

    /**
     * Samples every {@code every} for {@code length}, writing the CSV; stops early (IllegalStateException) if the job
     * ends or fails. A job that is restarting is sampled on (its checkpoints say what happened).
     */
    public List<SoakSample> run(Duration length, Duration every, Path csv, PrintStream log) throws IOException, InterruptedException {
        return sample(length, every, csv, log, s -> false);
    }

    /**
     * Samples every {@code every} until the consumer group has committed at least {@code events} records (every event
     * consumed, and its outputs committed with the same checkpoint), the last sample being the first that shows it.
     * Throws IllegalStateException if that does not happen within {@code timeout}, or if the job ends or fails first.
     */
    public List<SoakSample> runUntilConsumed(long events, Duration timeout, Duration every, Path csv, PrintStream log)
            throws IOException, InterruptedException {
        if (events <= 0) throw new IllegalArgumentException("events must be > 0, got " + events);
        List<SoakSample> samples = sample(timeout, every, csv, log, s -> s.eventsConsumed() >= events);
        SoakSample last = samples.get(samples.size() - 1);
        if (last.eventsConsumed() < events) {
            throw new IllegalStateException("job " + jobId + " consumed " + Math.max(0, last.eventsConsumed()) + " of " + events
                    + " events within " + timeout.toSeconds() + " s");
        }
        return samples;
    }

    private List<SoakSample> sample(Duration length, Duration every, Path csv, PrintStream log, Predicate<SoakSample> done)
            throws IOException, InterruptedException {
        List<SoakSample> samples = new ArrayList<>();
        Path parent = csv.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        long start = System.nanoTime(), end = start + length.toNanos();
        int failures = 0;
        try (Writer out = Files.newBufferedWriter(csv)) {
            out.write(SoakSample.CSV_HEADER + "\n");
            for (long next = start; next <= end; next += every.toNanos()) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                String state;
                SoakSample s;
                try {
                    state = rest.jobState(jobId);
                    if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                        throw new IllegalStateException("job " + jobId + " is " + state + " after " + samples.size() + " samples");
                    }
                    s = sample((System.nanoTime() - start) / 1e9);
                    failures = 0;
                } catch (IOException e) {
                    // the REST API answers 500 now and then (e.g. checkpoint statistics while the job deploys): skip a tick
                    if (++failures >= MAX_FAILED_SAMPLES) throw e;
                    log.println("soak: no sample this time (" + e.getMessage() + ")");
                    continue;
                }
                samples.add(s);
                out.write(s.csvLine() + "\n");
                out.flush();
                log.printf(Locale.ROOT, "soak: %5.0f s  heap %6.1f MiB  rocksdb %6.1f MiB  checkpoint %d: %d ms, %.1f MiB  lag %d  consumed %d  (%s)%n",
                        s.seconds(), s.heapUsedBytes() / 1048576.0, s.rocksDbBytes() / 1048576.0, s.checkpointId(),
                        s.checkpointMillis(), s.checkpointStateBytes() / 1048576.0, s.consumerLag(), s.eventsConsumed(), state);
                if (done.test(s)) break;
            }
        }
        return samples;
    }
}
