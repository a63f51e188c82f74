package io.gprec.synth;

import io.gprec.data.Dataset;
import io.gprec.model.AdamSettings;
import io.gprec.model.GprecConfig;
import io.gprec.model.ModelKind;
import io.gprec.model.Strategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4, "what it must show": on a stream with K = 4 planted groups, GPRec trained test-then-train finds
 * groups that agree with the planted ones far above chance (adjusted mutual information), and beats the base
 * model on prequential AUC. The numbers are printed and recorded in docs/RESULTS.md.
 *
 * <p>Setting: 2,000 users (50 events each), 2,000 items in 16 clusters, user fields that name the group 80 % of
 * the time, group affinity 3; models with G = 4 (= K, so a one-to-one match is possible and AMI reads directly),
 * the dynamic-parameter strategy (the input strategy stays slightly below base on this short stream, measured),
 * batch 128, Adam lr 0.004, both models with the same seed and settings otherwise.
 */
class PlantedGroupsIT {
    static final SyntheticSpec SPEC = SyntheticSpec.defaults().withUsers(2000).withItems(2000).withEvents(100_000)
            .withSeed(7).withFieldSignal(0.8).withAffinity(3);
    static final int BATCH = 128;

    static GprecConfig config(ModelKind kind) {
        return GprecConfig.builder().kind(kind).strategy(Strategy.DP).groups(4).seed(1)
                .adam(AdamSettings.of(0.004, 1e-6)).build();
    }

    @Test
    void gprecRecoversThePlantedGroupsAndBeatsBase() {
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(SPEC));
        Dataset stream = SyntheticDatasets.generate(layout);
        GroupRecovery.Result gprec = GroupRecovery.run(layout, stream, config(ModelKind.GPREC), BATCH);
        GroupRecovery.Result base = GroupRecovery.run(layout, stream, config(ModelKind.BASE), BATCH);
        System.out.println("planted groups: gprec " + gprec.toMap());
        System.out.println("planted groups: base  " + base.toMap());

        assertThat(gprec.users()).isEqualTo(SPEC.users());
        // measured 0.735; chance is 0
        assertThat(gprec.ami()).isGreaterThan(0.4);
        // the control: the same assignments against shuffled planted groups score at chance
        assertThat(gprec.shuffledAmi()).isBetween(-0.02, 0.02);
        // measured 0.8492 vs 0.8438
        assertThat(gprec.prequentialAuc()).isGreaterThan(base.prequentialAuc());
        assertThat(base.prequentialAuc()).isGreaterThan(0.7); // both really learn the stream
    }
}
