package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.ProgressBar;
import io.gprec.cli.util.UsageException;
import io.gprec.data.BadRows;
import io.gprec.data.CsvDataset;
import io.gprec.data.DatasetException;
import io.gprec.data.MovieLens100kReader;
import io.gprec.data.MovieLens1mReader;
import io.gprec.data.SchemaFile;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.EventSource;
import io.gprec.replay.EventSources;
import io.gprec.replay.Pacer;
import io.gprec.replay.ReplayOrder;
import io.gprec.replay.TopicSetup;
import io.gprec.stream.DataOptions;
import io.gprec.stream.event.ClickEventCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code gprec replay}: produces a dataset to a Kafka topic as the streaming job's click events (key = user id).
 *
 * <pre>
 * scripts/gprec replay --data-dir ../shared/datasets/ml-100k --bootstrap-servers 127.0.0.1:9092 --topic gprec.clicks
 * scripts/gprec replay --schema docs/schemas/tenrec-ctr.json --data-dir ~/data/tenrec --order file --rate 5000
 * </pre>
 */
final class ReplayCommand {

    /** The MovieLens and generic layouts {@code --layout} accepts. */
    enum Layout { ML_100K, ML_1M, CSV }

    private static final Set<String> VALUED = Set.of("--layout", "--data-dir", "--schema", "--order", "--seed", "--rate",
            "--speedup", "--bootstrap-servers", "--topic", "--partitions", "--limit", "--start-offset", "--report-json",
            "--conf-dir");
    private static final Set<String> BOOLEAN = Set.of("--strict");
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    private ReplayCommand() {}

    static void run(String[] argv) {
        Args a = Args.parse("replay", argv, VALUED, BOOLEAN);
        Path schemaPath = a.string("--schema").map(Path::of).orElse(null);
        ReplayOrder order = a.choice("--order", ReplayOrder.class, ReplayOrder.EVENT_TIME);
        long seed = a.longValue("--seed", 42);
        long limit = a.longValue("--limit", 0);
        long startOffset = a.longValue("--start-offset", 0);
        if (limit < 0) throw new UsageException("--limit expects a number of events >= 0 (0 = all), got " + limit);
        if (startOffset < 0) throw new UsageException("--start-offset expects a number of events >= 0, got " + startOffset);
        int partitions = a.positiveInt("--partitions", 1);
        String servers = KafkaFlags.servers("--bootstrap-servers", a.string("--bootstrap-servers", "127.0.0.1:9092"));
        String topic = KafkaFlags.topic("--topic", a.string("--topic", "gprec.clicks"));
        Pacer pacer = pacer(a);
        boolean strict = a.flag("--strict");
        Layout layout = a.choice("--layout", Layout.class, null);
        if (layout == null) {
            layout = schemaPath != null ? Layout.CSV : detect(DataFlags.dataDir(a));
        }
        if (layout == Layout.CSV && schemaPath == null) {
            throw new UsageException("--layout csv needs --schema FILE (docs/DATASETS.md)");
        }
        if (layout != Layout.CSV && schemaPath != null) {
            throw new UsageException("--schema is for --layout csv, not " + spelling(layout));
        }

        // Everything about the data is checked before Kafka is touched, so a bad schema produces nothing.
        BadRows bad = new BadRows(strict, m -> System.err.println("gprec: bad row skipped: " + m));
        Loaded loaded = load(layout, a, schemaPath, order, seed, pacer, bad);
        EventSource source = loaded.source();

        Properties client = KafkaFlags.clientProperties(a, servers);
        TopicSetup.Topic t = TopicSetup.ensure(client, topic, partitions, KAFKA_TIMEOUT);
        System.err.printf(Locale.ROOT, "replaying %s (%s, %s order) into %s topic '%s' (%d partition%s) on %s, %s%n",
                source.name(), spelling(layout), spelling(order), t.created() ? "new" : "existing", topic,
                t.partitions(), t.partitions() == 1 ? "" : "s", servers, pacer);

        DatasetReplayer.Plan plan = new DatasetReplayer.Plan(startOffset, limit, pacer);
        long expected = plan.total(source.size());
        DatasetReplayer.Result result;
        try (ProgressBar bar = new ProgressBar("replay", expected, "events")) {
            long[] last = {0};
            result = DatasetReplayer.replay(source, client, topic, plan, bad, n -> {
                bar.step(n - last[0]);
                last[0] = n;
            });
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("dataset", source.name());
        summary.put("layout", spelling(layout));
        summary.put("order", spelling(order));
        summary.put("topic", topic);
        summary.put("partitions", t.partitions());
        summary.put("start_offset", startOffset);
        summary.put("produced", result.produced());
        summary.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        summary.put("events_per_second", Math.round(result.recordsPerSecond()));
        summary.put("cpu_seconds", round3(result.cpuSeconds()));
        summary.put("send_thread_cpu_seconds", round3(result.sendThreadCpuSeconds()));
        summary.put("cpu_us_per_event", result.produced() == 0 ? 0 : round3(1e6 * result.cpuSeconds() / result.produced()));
        summary.put("bad_rows", bad.count());
        summary.put("avg_record_bytes", result.produced() == 0 ? 0 : Math.round(10.0 * result.bytes() / result.produced()) / 10.0);
        if (loaded.csv() != null) {
            summary.put("unknown_values", loaded.csv().missingValues());
        }
        summary.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-18s %s%n", k, v));
        a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), summary));
    }

    /** Three decimals; NaN (CPU time not reported by this JVM) as 0, which JSON can hold. */
    private static double round3(double x) {
        return Double.isNaN(x) ? 0 : Math.round(x * 1000) / 1000.0;
    }

    private static Pacer pacer(Args a) {
        boolean rate = a.string("--rate").isPresent();
        boolean speedup = a.string("--speedup").isPresent();
        if (rate && speedup) throw new UsageException("give --rate or --speedup, not both");
        if (rate) {
            double r = a.doubleValue("--rate", 0);
            if (r <= 0) throw new UsageException("--rate expects events/s > 0, got " + r);
            return Pacer.rate(r);
        }
        if (speedup) {
            double x = a.doubleValue("--speedup", 0);
            if (x <= 0) throw new UsageException("--speedup expects a factor > 0, got " + x);
            return Pacer.speedup(x);
        }
        return Pacer.unpaced();
    }

    /** The events to send, and the CSV dataset behind them (null for MovieLens). */
    private record Loaded(EventSource source, CsvDataset csv) {}

    private static Loaded load(Layout layout, Args a, Path schemaPath, ReplayOrder order, long seed, Pacer pacer,
                                      BadRows bad) {
        if (layout == Layout.CSV) {
            Path dataDir = a.string("--data-dir").map(Path::of).orElse(null);
            SchemaFile schema = SchemaFile.load(schemaPath, dataDir);
            if (schema.time().isEmpty() && a.string("--speedup").isPresent()) {
                throw new UsageException("--speedup needs event times, but " + schemaPath + " has no \"timestamp\"");
            }
            CsvDataset data = CsvDataset.open(schema);
            ClickEventCodec codec = DataOptions.codec(schema);
            return new Loaded(EventSources.of(data, codec, order, seed, bad), data);
        }
        Path dir = DataFlags.dataDir(a);
        var dataset = layout == Layout.ML_100K ? MovieLens100kReader.read(dir) : MovieLens1mReader.read(dir);
        return new Loaded(EventSources.of(dataset, ClickEventCodec.movieLens(dataset.schema()), order, seed), null);
    }

    /** u.data means MovieLens 100K, ratings.dat MovieLens 1M; anything else needs --layout/--schema. */
    static Layout detect(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("data directory not found: " + dir);
        }
        if (Files.isRegularFile(dir.resolve("u.data"))) return Layout.ML_100K;
        if (Files.isRegularFile(dir.resolve("ratings.dat"))) return Layout.ML_1M;
        throw new UsageException("cannot tell the layout of " + dir + " (no u.data or ratings.dat): give --schema FILE "
                + "for a CSV dataset, or --layout");
    }

    private static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
