package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.JsonReport;
import io.gprec.cli.util.ProgressBar;
import io.gprec.cli.util.UsageException;
import io.gprec.replay.DatasetReplayer;
import io.gprec.synth.PlantedWorld;
import io.gprec.synth.SyntheticFiles;
import io.gprec.synth.SyntheticKafka;
import io.gprec.synth.SyntheticLayout;
import io.gprec.synth.SyntheticSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code gprec generate}: a synthetic click stream with planted user groups, to files or to Kafka.
 *
 * <pre>
 * scripts/gprec generate --users 1000000 --items 2000000 --events 100000000 --out out/synth
 * scripts/gprec generate --events 1000000 --kafka 127.0.0.1:9092 --topic clicks
 * </pre>
 */
final class GenerateCommand {
    private static final Set<String> VALUED = Set.of("--users", "--items", "--clusters", "--groups", "--user-fields",
            "--item-fields", "--events", "--ctr", "--seed", "--drift-at", "--affinity", "--taste-std", "--taste-rank",
            "--popularity-std", "--field-signal", "--item-skew", "--start-ms", "--time-step-ms", "--out", "--kafka",
            "--topic", "--partitions", "--rate", "--report-json", "--conf-dir");

    private GenerateCommand() {}

    static void run(String[] argv) throws Exception {
        Args a = Args.parse("generate", argv, VALUED, Set.of());
        SyntheticSpec spec = spec(a);
        boolean toFiles = a.string("--out").isPresent(), toKafka = a.string("--kafka").isPresent();
        if (toFiles == toKafka) {
            throw new UsageException("give exactly one of --out DIR or --kafka BOOTSTRAP --topic T");
        }
        if (toKafka && a.string("--topic").isEmpty()) throw new UsageException("--kafka needs --topic T");
        if (toKafka) {
            KafkaFlags.servers("--kafka", a.string("--kafka").get());
            KafkaFlags.topic("--topic", a.string("--topic").get());
        }
        if (toFiles && (a.string("--topic").isPresent() || a.string("--partitions").isPresent() || a.string("--rate").isPresent())) {
            throw new UsageException("--topic, --partitions and --rate go with --kafka, not --out");
        }
        io.gprec.replay.Pacer pacer = pacer(a);
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(spec));
        Map<String, Object> summary = new LinkedHashMap<>();
        try (ProgressBar bar = new ProgressBar("generate", spec.events(), "events")) {
            long[] last = {0};
            java.util.function.LongConsumer progress = n -> {
                bar.step(n - last[0]);
                last[0] = n;
            };
            if (toFiles) {
                Path dir = Path.of(a.string("--out").get());
                SyntheticFiles.Written w = SyntheticFiles.write(layout, dir, progress);
                bar.finish();
                summary.put("events", w.events());
                summary.put("ctr", w.events() > 0 ? (double) w.clicks() / w.events() : Double.NaN);
                summary.put("bytes", w.bytes());
                summary.put("seconds", w.seconds());
                summary.put("events_per_second", w.eventsPerSecond());
                summary.put("out", dir.toAbsolutePath().toString());
            } else {
                Properties props = KafkaFlags.clientProperties(a, a.string("--kafka").get());
                String topic = a.string("--topic").get();
                io.gprec.replay.TopicSetup.ensure(props, topic, a.positiveInt("--partitions", 1), java.time.Duration.ofSeconds(30));
                DatasetReplayer.Result r = SyntheticKafka.produce(layout, props, topic, pacer, progress);
                bar.finish();
                summary.put("events", r.produced());
                summary.put("seconds", r.seconds());
                summary.put("events_per_second", r.recordsPerSecond());
                summary.put("topic", topic);
            }
        }
        summary.put("users", spec.users());
        summary.put("items", spec.items());
        summary.put("groups", spec.groups());
        summary.put("seed", spec.seed());
        summary.forEach((k, v) -> System.out.printf("%-18s %s%n", k, v));
        a.string("--report-json").ifPresent(f -> JsonReport.write(Path.of(f), summary));
    }

    static SyntheticSpec spec(Args a) {
        SyntheticSpec d = SyntheticSpec.defaults();
        try {
            return new SyntheticSpec(a.positiveInt("--users", d.users()), a.positiveInt("--items", d.items()),
                    a.positiveInt("--clusters", d.clusters()), a.positiveInt("--groups", d.groups()),
                    count(a, "--user-fields", d.userFields()), count(a, "--item-fields", d.itemFields()),
                    a.longValue("--events", d.events()), a.doubleValue("--ctr", d.baseCtr()), a.longValue("--seed", d.seed()),
                    a.longValue("--drift-at", d.driftAt()), a.doubleValue("--affinity", d.affinity()),
                    a.doubleValue("--taste-std", d.tasteStd()), a.positiveInt("--taste-rank", d.tasteRank()),
                    a.doubleValue("--popularity-std", d.popularityStd()), a.doubleValue("--field-signal", d.fieldSignal()),
                    a.doubleValue("--item-skew", d.itemSkew()), a.longValue("--start-ms", d.startMillis()),
                    a.longValue("--time-step-ms", d.stepMillis()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** --rate N: a fixed N events/s (a soak measures stability at a steady load); default as fast as possible. */
    private static io.gprec.replay.Pacer pacer(Args a) {
        if (a.string("--rate").isEmpty()) return io.gprec.replay.Pacer.unpaced();
        double rate = a.doubleValue("--rate", 0);
        if (!(rate > 0) || Double.isInfinite(rate)) throw new UsageException("--rate expects events/s > 0, got " + a.string("--rate").get());
        return io.gprec.replay.Pacer.rate(rate);
    }

    private static int count(Args a, String flag, int dflt) {
        long v = a.longValue(flag, dflt);
        if (v < 0 || v > 100) throw new UsageException(flag + " expects a count in [0, 100], got " + v);
        return (int) v;
    }
}
