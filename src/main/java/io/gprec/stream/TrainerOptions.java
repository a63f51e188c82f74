package io.gprec.stream;

import io.gprec.model.BackboneKind;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;

/** The trainer operator's settings: keys mirrored in flink-conf/config.yaml. */
public final class TrainerOptions {
    private TrainerOptions() {}

    public static final ConfigOption<ModelKind> MODEL = ConfigOptions.key("gprec.trainer.model")
            .enumType(ModelKind.class).defaultValue(ModelKind.GPREC).withDescription("GPREC, BASE for the backbone alone, or DGPM for the DGPM-like "
                    + "baseline (single group embeddings, softmax division; needs gprec.trainer.strategy DP).");
    public static final ConfigOption<BackboneKind> BACKBONE = ConfigOptions.key("gprec.trainer.backbone")
            .enumType(BackboneKind.class).defaultValue(BackboneKind.MLP)
            .withDescription("The backbone r_b comes from: MLP, DCN, GDCN, DEEPFM or FINALMLP (FinalMLP: strategy INPUT or ENSEMBLE only).");
    public static final ConfigOption<Strategy> STRATEGY = ConfigOptions.key("gprec.trainer.strategy")
            .enumType(Strategy.class).defaultValue(Strategy.INPUT).withDescription("How GPRec joins the backbone: INPUT, DP or ENSEMBLE.");
    public static final ConfigOption<Integer> GROUPS = ConfigOptions.key("gprec.trainer.groups")
            .intType().defaultValue(60).withDescription("Number of learned user groups G.");
    public static final ConfigOption<Double> LEARNING_RATE = ConfigOptions.key("gprec.trainer.learning-rate")
            .doubleType().defaultValue(io.gprec.model.GprecConfig.builder().build().adam.learningRate())
            .withDescription("Adam's learning rate for every parameter (dense and embedding rows).");
    public static final ConfigOption<Long> SEED = ConfigOptions.key("gprec.trainer.seed")
            .longType().defaultValue(42L).withDescription("Seed of initialisation, Gumbel noise and dropout.");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOptions.key("gprec.trainer.batch-size")
            .intType().defaultValue(256).withDescription("Events per mini-batch (across users).");
    public static final ConfigOption<Duration> MAX_WAIT = ConfigOptions.key("gprec.trainer.max-wait")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest an event waits in a partial mini-batch before it is predicted and trained on; "
                    + "0 = only full batches (and the rest at end of input), which makes runs reproducible across restores.");
    public static final ConfigOption<Long> FAIL_AFTER_EVENTS = ConfigOptions.key("gprec.trainer.fail-after-events")
            .longType().defaultValue(0L)
            .withDescription("Testing only: the trainer fails once (first attempt) after this many events; 0 = never.");
    public static final ConfigOption<String> SNAPSHOT_DIR = ConfigOptions.key("gprec.trainer.snapshot-dir")
            .stringType().defaultValue("snapshots")
            .withDescription("Directory for the model snapshot written after each completed checkpoint (model-<checkpoint id>.gprec).");
    public static final ConfigOption<Integer> METRICS_WINDOW = ConfigOptions.key("gprec.metrics.window")
            .intType().defaultValue(10_000).withDescription("Events in the rolling AUC/LogLoss window.");
    public static final ConfigOption<Integer> METRICS_EVERY = ConfigOptions.key("gprec.metrics.every")
            .intType().defaultValue(1_000).withDescription("Emit a metrics record every this many predictions (and at the end).");
}
