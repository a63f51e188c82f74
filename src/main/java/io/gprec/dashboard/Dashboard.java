package io.gprec.dashboard;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The live dashboard: a web page fed from the job's metrics topic (rolling and cumulative AUC and LogLoss, events/s,
 * model version, per-group sizes and AUC, one curve per run so GPRec and base sit side by side) and from the newest
 * model snapshot (the cosine similarities of the positive and negative group embeddings, paper Fig. 4), updated live
 * over Server-Sent Events.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(new Dashboard.Settings("127.0.0.1:9092", "gprec.metrics",
 *         Path.of("snapshots"), "127.0.0.1", 8088, 20_000, true))) {
 *     System.out.println("dashboard: " + d.url());
 *     ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {
    /** How often the snapshot directory is looked at. */
    static final long SNAPSHOT_POLL_MILLIS = 2000;

    /**
     * Where to read and where to listen.
     *
     * @param anyPortIfTaken listen on a free port when {@code port} is taken (the local run), instead of failing
     * @param kafkaClient    Kafka client settings of the metrics consumer (SASL/SSL: the job's gprec.kafka.properties.*)
     */
    public record Settings(String bootstrapServers, String metricsTopic, Path snapshotDir, String bind, int port,
                           int historyPerRun, boolean anyPortIfTaken, java.util.Properties kafkaClient) {
        /** Settings with no Kafka client settings beyond the bootstrap servers. */
        public Settings(String bootstrapServers, String metricsTopic, Path snapshotDir, String bind, int port, int historyPerRun,
                        boolean anyPortIfTaken) {
            this(bootstrapServers, metricsTopic, snapshotDir, bind, port, historyPerRun, anyPortIfTaken, new java.util.Properties());
        }

        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (historyPerRun <= 0) throw new IllegalArgumentException("history must be > 0, got " + historyPerRun);
            if (metricsTopic.isBlank()) throw new IllegalArgumentException("metrics topic must not be empty");
            if (bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers must not be empty");
        }
    }

    private final DashboardHub hub;
    private final DashboardServer server;
    private final MetricsFeed feed;
    private final SnapshotWatcher snapshots;

    private Dashboard(DashboardHub hub, DashboardServer server, MetricsFeed feed, SnapshotWatcher snapshots) {
        this.hub = hub;
        this.server = server;
        this.feed = feed;
        this.snapshots = snapshots;
    }

    /** Starts listening, reading the topic and watching the snapshot directory. */
    public static Dashboard start(Settings s) throws IOException {
        DashboardHub hub = new DashboardHub(s.historyPerRun());
        DashboardServer server = DashboardServer.start(s.bind(), s.port(), s.anyPortIfTaken(), hub);
        MetricsFeed feed;
        try {
            feed = new MetricsFeed(s.bootstrapServers(), s.kafkaClient(), s.metricsTopic(), hub);
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalArgumentException("cannot read the metrics topic from '" + s.bootstrapServers() + "': " + e.getMessage(), e);
        }
        SnapshotWatcher snapshots = new SnapshotWatcher(s.snapshotDir(), hub);
        feed.start();
        snapshots.start(SNAPSHOT_POLL_MILLIS);
        return new Dashboard(hub, server, feed, snapshots);
    }

    /** The page's address, e.g. http://127.0.0.1:8088/ */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Metrics records received so far (all runs). */
    public long records() {
        return hub.state().get("records").asLong();
    }

    @Override
    public void close() {
        server.close();
        feed.close();
        snapshots.close();
    }
}
