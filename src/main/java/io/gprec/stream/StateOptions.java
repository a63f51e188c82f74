package io.gprec.stream;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** How long the trainer keeps per-user state and embedding rows: keys mirrored in flink-conf/config.yaml (docs/SCALING.md, "Expiry"). */
public final class StateOptions {
    private StateOptions() {}

    public static final ConfigOption<Duration> TTL = ConfigOptions.key("gprec.state.ttl")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Users (keyed state: personal embedding and Adam slots) and shared embedding rows (items, "
                    + "non-personal user fields) not seen for longer than this, in event time (click timestamps), are "
                    + "dropped; a returning id starts afresh. Checked at boundaries every ttl/8 of event time, so an id "
                    + "lives between ttl and ttl + ttl/8 after it was last seen. 0 = never expire.");
}
