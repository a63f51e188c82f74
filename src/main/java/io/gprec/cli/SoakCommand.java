package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.UsageException;
import io.gprec.soak.CommittedEvents;
import io.gprec.soak.LastCommittedRecord;
import io.gprec.soak.ConsumedRun;
import io.gprec.soak.ConsumerLag;
import io.gprec.soak.FlatVerdict;
import io.gprec.soak.FlinkRest;
import io.gprec.soak.SoakPlot;
import io.gprec.soak.SoakSample;
import io.gprec.soak.SoakSampler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code gprec soak}: samples a running job for a fixed time (heap, RocksDB on disk, checkpoints), writes the CSV and
 * the PNG, judges whether each series stayed flat ({@link FlatVerdict}) and, given the events sent, drains the
 * committed outputs and counts losses and duplicates. scripts/soak.sh sets up the cluster and the stream around it.
 *
 * <pre>
 * scripts/gprec soak --rest http://127.0.0.1:8081 --job ID --local-dir target/cluster-local/tmp \
 *     --checkpoint-dir target/cluster-local/checkpoints --minutes 30 --csv docs/img/soak.csv --png docs/img/soak.png
 * scripts/gprec soak --from-csv docs/img/soak.csv --png docs/img/soak.png     # the verdict and plot again
 * </pre>
 *
 * With {@code --until-consumed N} it samples until the job's consumer group has committed N clicks instead (--minutes
 * is then the time limit), plots the rate, checkpoints, RocksDB and heap, and reports the run's figures
 * ({@link ConsumedRun}); the state grows by design in such a run, so flatness is reported but does not fail it.
 * scripts/scale-run.sh uses it.
 */
final class SoakCommand {
    private static final Set<String> VALUED = Set.of("--rest", "--job", "--local-dir", "--checkpoint-dir", "--minutes", "--every",
            "--csv", "--png", "--report-json", "--threshold", "--warmup", "--from-csv", "--bootstrap-servers",
            "--predictions-topic", "--dead-letter-topic", "--metrics-topic", "--clicks-topic", "--group-id", "--events-in", "--drain-seconds", "--conf-dir",
            "--until-consumed", "--task-managers");

    private SoakCommand() {}

    /** Returns normally when every series is flat and nothing was lost or duplicated; else IllegalArgumentException. */
    static void run(String[] argv) throws Exception {
        Args a = Args.parse("soak", argv, VALUED, Set.of());
        double threshold = a.doubleValue("--threshold", FlatVerdict.DEFAULT_THRESHOLD);
        double warmup = a.doubleValue("--warmup", FlatVerdict.DEFAULT_WARMUP);
        if (threshold < 0) throw new UsageException("--threshold expects a growth ratio >= 0 (0.25 = 25 %), got " + threshold);
        if (warmup < 0 || warmup >= 1) throw new UsageException("--warmup expects a share of the samples in [0, 1), got " + warmup);
        Path png = Path.of(a.string("--png", "soak.png"));
        long untilConsumed = a.longValue("--until-consumed", 0);
        if (untilConsumed < 0) throw new UsageException("--until-consumed expects a number of events > 0, got " + untilConsumed);
        int taskManagers = a.positiveInt("--task-managers", 1);
        Map<String, Object> report = new LinkedHashMap<>();
        List<SoakSample> samples;
        if (a.string("--from-csv").isPresent()) {
            samples = SoakSample.parseCsv(Files.readAllLines(Path.of(a.string("--from-csv").get())));
            if (samples.isEmpty()) throw new UsageException("the soak CSV has no samples");
        } else {
            samples = sample(a, report, untilConsumed);
        }
        List<FlatVerdict.Result> verdicts = FlatVerdict.judge(samples, threshold, warmup);
        if (untilConsumed > 0) {
            report.put("run", ConsumedRun.summary(samples, untilConsumed, taskManagers));
            SoakPlot.writePanels(samples, ConsumedRun.panels(samples, taskManagers), png);
        } else {
            SoakPlot.write(samples, verdicts, png);
        }
        verdicts.forEach(v -> System.out.println(v.line()));
        report.put("samples", samples.size());
        report.put("seconds", samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds());
        report.put("threshold", threshold);
        report.put("warmup", warmup);
        SoakSample last = samples.get(samples.size() - 1);
        report.put("checkpoints_completed_last_id", last.checkpointId());
        report.put("checkpoints_failed", last.failedCheckpoints());
        Map<String, Object> series = new LinkedHashMap<>();
        for (FlatVerdict.Result v : verdicts) {
            series.put(v.series().name().toLowerCase(java.util.Locale.ROOT), seriesReport(v));
        }
        report.put("series", series);
        report.put("flat", FlatVerdict.allFlat(verdicts));
        System.out.println("plot: " + png.toAbsolutePath());
        String problems = FlatVerdict.allFlat(verdicts) || untilConsumed > 0 ? "" : "not every series stayed flat";
        if (report.get("duplicates") instanceof Long d && (d != 0 || (Long) report.get("lost") != 0)) {
            problems += (problems.isEmpty() ? "" : "; ") + report.get("lost") + " events lost, " + d + " duplicated";
        }
        report.put("passed", problems.isEmpty());
        a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), report));
        if (!problems.isEmpty()) throw new IllegalArgumentException("soak: " + problems);
        System.out.println("soak: passed");
    }

    private static Map<String, Object> seriesReport(FlatVerdict.Result v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", v.series().unit);
        m.put("first_third_median", v.firstThird());
        m.put("last_third_median", v.lastThird());
        m.put("growth", v.growth());
        m.put("slope_per_10_min", v.slopePer10Min());
        m.put("slack", v.series().slack);
        m.put("flat", v.flat());
        return m;
    }

    private static List<SoakSample> sample(Args a, Map<String, Object> report, long untilConsumed) throws Exception {
        String rest = a.string("--rest").orElseThrow(() -> new UsageException("give --rest URL --job ID (or --from-csv FILE)"));
        String job = a.string("--job").orElseThrow(() -> new UsageException("--rest needs --job ID"));
        if (!job.matches("[0-9a-f]{32}")) throw new UsageException("--job expects a 32-hex-digit job id, got '" + job + "'");
        Path local = Path.of(a.string("--local-dir").orElseThrow(() -> new UsageException("--local-dir DIR (the TaskManagers' io.tmp.dirs) is required")));
        Path checkpoints = Path.of(a.string("--checkpoint-dir").orElseThrow(() -> new UsageException("--checkpoint-dir DIR is required")));
        double minutes = a.doubleValue("--minutes", 30);
        long every = a.positiveInt("--every", 10);
        if (minutes <= 0) throw new UsageException("--minutes expects a duration > 0, got " + minutes);
        Path csv = Path.of(a.string("--csv", "soak.csv"));
        Properties client = KafkaFlags.clientProperties(a, KafkaFlags.servers("--bootstrap-servers", a.string("--bootstrap-servers", "127.0.0.1:9092")));
        List<SoakSample> samples;
        try (ConsumerLag lag = new ConsumerLag(client, a.string("--clicks-topic", "gprec.clicks"), a.string("--group-id", "gprec-trainer"))) {
            SoakSampler sampler = new SoakSampler(new FlinkRest(rest), job, local, checkpoints, lag::position);
            Duration length = Duration.ofMillis((long) (minutes * 60_000));
            samples = untilConsumed > 0
                    ? sampler.runUntilConsumed(untilConsumed, length, Duration.ofSeconds(every), csv, System.err)
                    : sampler.run(length, Duration.ofSeconds(every), csv, System.err);
        }
        System.out.println("samples: " + csv.toAbsolutePath());
        long eventsIn = a.longValue("--events-in", 0);
        if (eventsIn > 0) {
            Duration drain = Duration.ofSeconds(a.positiveInt("--drain-seconds", 180));
            System.err.println("soak: draining the committed outputs (up to " + drain.toSeconds() + " s) ...");
            CommittedEvents.Count predictions = CommittedEvents.count(client, a.string("--predictions-topic", "gprec.predictions"), eventsIn, drain);
            CommittedEvents.Count dead = CommittedEvents.count(client, a.string("--dead-letter-topic", "gprec.dead-letters"), 0, Duration.ofSeconds(30));
            long lost = Math.max(0, eventsIn - predictions.distinct() - dead.records());
            report.put("events_in", eventsIn);
            report.put("predictions_out", predictions.records());
            report.put("dead_letters", dead.records());
            report.put("duplicates", predictions.duplicates());
            report.put("lost", lost);
            System.out.printf("events in %d, predictions out %d (distinct %d), dead letters %d, duplicates %d, lost %d%n", eventsIn,
                    predictions.records(), predictions.distinct(), dead.records(), predictions.duplicates(), lost);
            // the run's prequential quality: the metrics operator's last record (cumulative AUC and LogLoss over every event)
            var last = LastCommittedRecord.read(client, a.string("--metrics-topic", "gprec.metrics"), Duration.ofSeconds(30));
            if (last.isPresent()) {
                report.put("final_metrics", new com.fasterxml.jackson.databind.ObjectMapper().readValue(last.get(), Map.class));
                System.out.println("final metrics: " + new String(last.get(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return samples;
    }
}
