package io.gprec.synth;

import io.gprec.cli.util.Args;
import io.gprec.data.Dataset;
import io.gprec.model.AdamSettings;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;

import java.util.Set;

/**
 * Prints base vs GPRec on a planted-group stream ({@link GroupRecovery}) for the settings of docs/RESULTS.md:
 * <pre>
 * java -cp "target/gprec-stream.jar:$(cat target/classpath.txt)" io.gprec.synth.GroupRecoveryProbe \
 *     --users 2000 --events 100000 --groups 4 --batch 128 --lr 0.004 --field-signal 0.8 --affinity 3 --strategy dp
 * </pre>
 * 2,000 items in 16 clusters, stream seed 7, model seed 1, everything else the defaults.
 */
public final class GroupRecoveryProbe {
    private GroupRecoveryProbe() {}

    public static void main(String[] argv) {
        Args a = Args.parse("group-recovery", argv, Set.of("--users", "--events", "--groups", "--batch", "--lr",
                "--field-signal", "--affinity", "--strategy", "--drift-at"), Set.of());
        SyntheticSpec spec = SyntheticSpec.defaults().withUsers(a.positiveInt("--users", 2000)).withItems(2000)
                .withEvents(a.longValue("--events", 100_000)).withSeed(7)
                .withFieldSignal(a.doubleValue("--field-signal", 0.8)).withAffinity(a.doubleValue("--affinity", 3))
                .withDriftAt(a.longValue("--drift-at", -1));
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(spec));
        Dataset stream = SyntheticDatasets.generate(layout);
        for (ModelKind kind : new ModelKind[]{ModelKind.BASE, ModelKind.GPREC}) {
            GprecConfig config = GprecConfig.builder().kind(kind).strategy(a.choice("--strategy", Strategy.class, Strategy.DP))
                    .groups(a.positiveInt("--groups", 4)).seed(1)
                    .adam(AdamSettings.of(a.doubleValue("--lr", 0.004), 1e-6)).build();
            GroupRecovery.Result r = GroupRecovery.run(layout, stream, config, a.positiveInt("--batch", 128));
            System.out.println(kind.name().toLowerCase() + " " + r.toMap());
        }
    }
}
