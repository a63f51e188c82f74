package io.gprec.cli;

import io.gprec.cli.util.Args;
import io.gprec.cli.util.UsageException;
import io.gprec.dashboard.Dashboard;
import io.gprec.dashboard.DashboardOptions;
import io.gprec.stream.KafkaOptions;
import io.gprec.stream.TrainerOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gprec dashboard}: serves the live dashboard of a running job (its metrics topic and snapshot directory)
 * until Ctrl-C. Defaults come from flink-conf/config.yaml, as for the job.
 *
 * <pre>
 * scripts/gprec dashboard --bootstrap-servers 127.0.0.1:9092 --snapshot-dir /tmp/gprec/snapshots --port 8088
 * </pre>
 */
final class DashboardCommand {
    private static final Set<String> VALUED = Set.of("--bootstrap-servers", "--metrics-topic", "--snapshot-dir", "--bind",
            "--port", "--history", "--conf-dir");

    private DashboardCommand() {}

    static void run(String[] argv) throws Exception {
        Args a = Args.parse("dashboard", argv, VALUED, Set.of());
        Configuration conf = configuration(a);
        Dashboard.Settings settings;
        try {
            settings = new Dashboard.Settings(
                KafkaFlags.servers("--bootstrap-servers", a.string("--bootstrap-servers", conf.get(KafkaOptions.BOOTSTRAP_SERVERS))),
                KafkaFlags.topic("--metrics-topic", a.string("--metrics-topic", conf.get(KafkaOptions.METRICS_TOPIC))),
                Path.of(a.string("--snapshot-dir", conf.get(TrainerOptions.SNAPSHOT_DIR))),
                bindAddress(a.string("--bind", conf.get(DashboardOptions.BIND))),
                port(a, "--port", conf.get(DashboardOptions.PORT)),
                a.positiveInt("--history", conf.get(DashboardOptions.HISTORY)),
                false,
                KafkaFlags.clientProperties(conf, a.string("--bootstrap-servers", conf.get(KafkaOptions.BOOTSTRAP_SERVERS))));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (Dashboard dashboard = start(settings)) {
            Thread hook = new Thread(stop::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf("dashboard: %s  (metrics topic %s at %s, snapshots in %s; Ctrl-C stops it)%n", dashboard.url(),
                    settings.metricsTopic(), settings.bootstrapServers(), settings.snapshotDir().toAbsolutePath());
            stop.await();
        }
    }

    /** A bad address of Kafka is the user's to fix: a usage error. */
    private static Dashboard start(Dashboard.Settings settings) throws java.io.IOException {
        try {
            return Dashboard.start(settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** config.yaml of --conf-dir (default flink-conf next to the scripts), or the options' defaults if there is none. */
    static Configuration configuration(Args a) {
        Path home = Path.of(System.getProperty("gprec.home", "."));
        Path dir = a.string("--conf-dir").map(Path::of).orElse(home.resolve("flink-conf"));
        if (Files.isRegularFile(dir.resolve("config.yaml"))) return GlobalConfiguration.loadConfiguration(dir.toString());
        if (a.string("--conf-dir").isPresent()) throw new UsageException("no config.yaml in --conf-dir " + dir);
        return new Configuration();
    }

    /** A port in 0..65535 (0 = any free port). */
    static int port(Args a, String flag, int dflt) {
        long p = a.longValue(flag, dflt);
        if (p < 0 || p > 65535) throw new UsageException(flag + " expects a port in 0..65535 (0 = any free port), got " + p);
        return (int) p;
    }

    /** The address to listen on; a warning when it is not a loopback address, since the page has no login. */
    static String bindAddress(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (!address.isLoopbackAddress()) {
                System.err.println("gprec: warning: the dashboard listens on " + bind + " and is reachable from other machines");
            }
            return bind;
        } catch (UnknownHostException e) {
            throw new UsageException("--bind expects a local address such as 127.0.0.1, got '" + bind + "'");
        }
    }
}
