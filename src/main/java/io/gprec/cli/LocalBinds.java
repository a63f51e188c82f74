package io.gprec.cli;

import org.apache.flink.configuration.Configuration;

import java.util.Map;

/**
 * The local run's MiniCluster listens on the loopback interface only: Flink's REST endpoint (web UI, job submission,
 * no login) and the blob server otherwise bind every interface. A key set in config.yaml wins, so exposing them is a
 * choice, not a default.
 */
final class LocalBinds {
    /** Flink keys that decide where the MiniCluster's sockets listen. */
    static final Map<String, String> LOOPBACK = Map.of(
            "rest.bind-address", "127.0.0.1",
            "rest.address", "127.0.0.1",
            "jobmanager.bind-host", "127.0.0.1",
            "jobmanager.rpc.address", "127.0.0.1",
            "taskmanager.bind-host", "127.0.0.1",
            "taskmanager.host", "127.0.0.1");

    private LocalBinds() {}

    static void loopbackUnlessSet(Configuration conf) {
        LOOPBACK.forEach((key, value) -> {
            if (!conf.containsKey(key)) conf.setString(key, value);
        });
    }
}
