package io.gprec.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker+controller in one process) running inside this
 * JVM, on 127.0.0.1 with free ports; for tests and the local run.
 *
 * <p>The broker's version must equal the kafka-clients version on the classpath (both come from
 * {@code kafka.version} in the pom). Storage under {@code dataDir} is formatted on the first start
 * and reused (not re-formatted) when the same directory is started again; {@link #close()} never
 * deletes it.
 */
public final class LocalKafka implements AutoCloseable {

    /** How long {@link #start} waits for the broker to answer an AdminClient. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #createTopic} waits for the topic to be describable with leaders. */
    static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private final Admin admin;
    private boolean closed;

    private LocalKafka(Path dataDir, int brokerPort, int controllerPort, KafkaRaftServer server, Admin admin) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.server = server;
        this.admin = admin;
    }

    /**
     * Formats the storage under {@code dataDir} (unless it already is), starts a broker+controller
     * on free loopback ports and waits until an AdminClient can describe the cluster.
     *
     * @throws IOException if the storage cannot be formatted or the broker does not come up in time
     */
    public static LocalKafka start(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("Kafka data dir " + dir + " is not a directory");
        }
        Files.createDirectories(dir);
        IOException last = null;
        // The ports are probed free and then released: another process may grab one in between,
        // so a bind failure is retried with fresh ports.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            try {
                return startOnce(dir, ports[0], ports[1]);
            } catch (PortInUse e) {
                last = new IOException("Kafka broker could not bind 127.0.0.1:" + ports[0] + "/" + ports[1], e.getCause());
            }
        }
        throw last;
    }

    /**
     * Starts this broker again after {@link #close()}: same data directory (its topics, offsets and transactions
     * are kept) and the same ports, so clients configured with {@link #bootstrapServers()} reconnect by themselves.
     * A port still held by the old sockets is retried until {@link #START_TIMEOUT}. For fault tests (a broker
     * restart); this instance stays closed, use the returned one.
     *
     * @throws IllegalStateException if this broker is still running
     * @throws IOException           if the broker does not come up on the same ports in time
     */
    public LocalKafka startAgain() throws IOException {
        synchronized (this) {
            if (!closed) {
                throw new IllegalStateException("LocalKafka is still running: close() it first");
            }
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                return startOnce(dataDir, brokerPort, controllerPort);
            } catch (PortInUse e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Kafka broker could not bind 127.0.0.1:" + brokerPort + "/" + controllerPort
                            + " again within " + START_TIMEOUT.toSeconds() + " s", e.getCause());
                }
                pause(200);
            }
        }
    }

    private static LocalKafka startOnce(Path dir, int brokerPort, int controllerPort) throws IOException {
        Properties props = brokerProperties(dir, brokerPort, controllerPort);
        Path configFile = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by io.gprec.kafka.LocalKafka (ports change on every start)");
        }
        format(dir, configFile);

        long t0 = System.nanoTime();
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new IOException("Kafka broker configuration rejected: " + e.getMessage(), e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            stopQuietly(server);
            if (hasCause(e, BindException.class)) {
                throw new PortInUse(e);
            }
            throw new IOException("Kafka broker failed to start (data dir " + dir + "): " + e, e);
        }

        Admin admin = Admin.create(adminProperties(HOST + ":" + brokerPort));
        try {
            awaitCluster(admin, System.nanoTime() + START_TIMEOUT.toNanos());
        } catch (IOException | RuntimeException e) {
            admin.close(Duration.ZERO);
            stopQuietly(server);
            throw e;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        org.slf4j.LoggerFactory.getLogger(LocalKafka.class)
                .info("Kafka broker up on {}:{} (controller {}) in {} ms, data in {}", HOST, brokerPort, controllerPort, ms, dir);
        return new LocalKafka(dir, brokerPort, controllerPort, server, admin);
    }

    static Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());

        // One node: every internal topic has one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.min.isr", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("group.initial.rebalance.delay.ms", "0");

        // Light on a 2-core machine.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    private static void format(Path dir, Path configFile) throws IOException {
        // A data dir formatted by an earlier start keeps its cluster id: formatting with another id
        // fails even with --ignore-formatted.
        String clusterId = existingClusterId(dir.resolve("logs").resolve("meta.properties"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format",
                "--cluster-id", clusterId != null ? clusterId : Uuid.randomUuid().toString(),
                "--config", configFile.toString(),
                "--ignore-formatted" // a second start on the same dataDir keeps its data
            }, out);
        } catch (RuntimeException e) {
            throw new IOException("Formatting Kafka storage in " + dir + " failed: " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new IOException("Formatting Kafka storage in " + dir + " failed (rc " + rc + "): "
                    + buf.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static String existingClusterId(Path metaProperties) throws IOException {
        if (!Files.isRegularFile(metaProperties)) {
            return null;
        }
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaProperties)) {
            meta.load(in);
        }
        String id = meta.getProperty("cluster.id");
        return id == null || id.isBlank() ? null : id.trim();
    }

    private static void awaitCluster(Admin admin, long deadline) throws IOException {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(Math.min(leftMs, 5_000), TimeUnit.MILLISECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for the Kafka broker", e);
            }
            pause(100);
        }
        throw new IOException("Kafka broker did not answer describeCluster within " + START_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : ": " + rootMessage(last)), last);
    }

    /** "127.0.0.1:PORT" */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /**
     * Creates {@code name} with {@code partitions} partitions (replication factor 1) unless it
     * exists, then waits until it can be described and every partition has a leader.
     *
     * @throws IllegalStateException if the topic exists with another partition count, or is not
     *     ready within the deadline
     */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        ensureOpen();
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Creating topic " + name + " failed: " + rootMessage(e), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topic " + name + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }

        // Right after createTopics, describeTopics can still fail with UnknownTopicOrPartition.
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(name);
                if (d.partitions().size() != partitions) {
                    throw new IllegalStateException("Topic " + name + " exists with " + d.partitions().size()
                            + " partitions, not " + partitions);
                }
                if (d.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + name, e);
            }
            pause(50);
        }
        throw new IllegalStateException("Topic " + name + " not ready within " + TOPIC_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : ": " + rootMessage(last)), last);
    }

    /** Properties every client (producer, consumer, admin) needs: a fresh copy on each call. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** The directory holding server.properties and the broker's logs. */
    public Path dataDir() {
        return dataDir;
    }

    /** Shuts the broker down and waits for it; nothing under the data directory is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        stopQuietly(server);
    }

    @Override
    public String toString() {
        return "LocalKafka[" + bootstrapServers() + ", controller " + HOST + ":" + controllerPort + ", " + dataDir + "]";
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("LocalKafka is closed");
        }
    }

    /** client.id of the broker's own admin client (start-up probe, createTopic): part of the embedded broker. */
    public static final String ADMIN_CLIENT_ID = "gprec-local-kafka-admin";

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, ADMIN_CLIENT_ID);
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        p.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return p;
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LocalKafka.class).warn("Kafka broker shutdown failed", e);
        }
    }

    private static int[] freePorts(int n) {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            // Hold all sockets open at once so the n ports are distinct.
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, loopback);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // probe socket only
                    }
                }
            }
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    /** A start attempt lost a probed port to someone else. */
    private static final class PortInUse extends IOException {
        PortInUse(Throwable cause) {
            super(cause);
        }
    }
}
