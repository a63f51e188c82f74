package io.gprec.dashboard;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The live dashboard's own settings (keys mirrored in flink-conf/config.yaml). Where it reads from comes from the
 * job's keys: gprec.kafka.bootstrap-servers, gprec.kafka.metrics-topic and gprec.trainer.snapshot-dir.
 */
public final class DashboardOptions {
    private DashboardOptions() {}

    public static final ConfigOption<String> BIND = ConfigOptions.key("gprec.dashboard.bind")
            .stringType().defaultValue("127.0.0.1")
            .withDescription("Address the dashboard's HTTP server listens on; the loopback address keeps it local.");
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("gprec.dashboard.port")
            .intType().defaultValue(8088)
            .withDescription("HTTP port of the dashboard (0 = any free port).");
    public static final ConfigOption<Integer> HISTORY = ConfigOptions.key("gprec.dashboard.history")
            .intType().defaultValue(20_000)
            .withDescription("Metrics records kept per run in memory, so a browser that connects mid-run sees the "
                    + "curves so far; the oldest are dropped beyond it.");
}
