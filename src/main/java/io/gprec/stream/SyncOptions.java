package io.gprec.stream;

import io.gprec.model.DenseCombine;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/**
 * Parameter synchronisation between trainer subtasks (parallelism > 1; off at 1): keys mirrored
 * in flink-conf/config.yaml. See docs/SCALING.md.
 */
public final class SyncOptions {
    private SyncOptions() {}

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("gprec.sync.topic")
            .stringType().defaultValue("gprec.sync")
            .withDescription("Feedback topic (one partition, one per job) of the averaged parameter updates every trainer subtask reads.");
    public static final ConfigOption<SyncDelivery> DELIVERY = ConfigOptions.key("gprec.sync.delivery")
            .enumType(SyncDelivery.class).defaultValue(SyncDelivery.AT_LEAST_ONCE)
            .withDescription("at-least-once: updates are written without a transaction and read uncommitted, so a round "
                    + "takes milliseconds, but a restore may re-apply training of replayed events; exactly-once: a round waits "
                    + "for a checkpoint. Predictions are exactly once either way (docs/SCALING.md).");
    public static final ConfigOption<DenseCombine> COMBINE = ConfigOptions.key("gprec.sync.combine")
            .enumType(DenseCombine.class).defaultValue(DenseCombine.SUM)
            .withDescription("How a round combines the subtasks' dense deltas: mean (model averaging) or sum. Embedding "
                    + "rows are always averaged over the subtasks that touched them.");
    public static final ConfigOption<Boolean> SPLIT_BATCH = ConfigOptions.key("gprec.sync.split-batch")
            .booleanType().defaultValue(true)
            .withDescription("At parallelism P > 1 each subtask trains on mini-batches of gprec.trainer.batch-size / P "
                    + "(rounded up), so that a round averages about as many events as one step at P = 1.");
    public static final ConfigOption<Integer> EVERY_BATCHES = ConfigOptions.key("gprec.sync.every-batches")
            .intType().defaultValue(1)
            .withDescription("A subtask sends its parameter delta after this many mini-batches (and once the previous "
                    + "round was applied); 0 = only by gprec.sync.interval.");
    public static final ConfigOption<Integer> MAX_STALENESS = ConfigOptions.key("gprec.sync.max-staleness")
            .intType().defaultValue(0)
            .withDescription("Bounded staleness: a subtask trains at most this many mini-batches while its delta's round "
                    + "is in flight, then waits for the round's update (at most gprec.sync.staleness-timeout); 0 = wait "
                    + "before every batch (synchronous rounds), -1 = never wait. Needs at-least-once delivery.");
    public static final ConfigOption<Duration> STALENESS_TIMEOUT = ConfigOptions.key("gprec.sync.staleness-timeout")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("The longest a subtask waits for a round under gprec.sync.max-staleness before it trains "
                    + "on without waiting for that round again (a round cannot complete while another subtask has no "
                    + "events, or has finished its input).");
    public static final ConfigOption<Duration> INTERVAL = ConfigOptions.key("gprec.sync.interval")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("A subtask also sends when this long has passed since its last send, even with no batch "
                    + "(keeps rounds going when a subtask's users go quiet); 0 = off.");
    public static final ConfigOption<Duration> POLL_INTERVAL = ConfigOptions.key("gprec.sync.poll-interval")
            .durationType().defaultValue(Duration.ofMillis(100))
            .withDescription("How often a trainer subtask checks the feedback topic for averaged updates.");
}
