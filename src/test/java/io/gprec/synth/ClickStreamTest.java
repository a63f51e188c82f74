package io.gprec.synth;

import io.gprec.data.Dataset;
import io.gprec.data.Interaction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The planted structure is really in the stream: calibrated CTR, group preferences, drift, field signal, order. */
class ClickStreamTest {
    private static final SyntheticSpec SPEC = SyntheticSpec.defaults().withUsers(1000).withItems(500).withEvents(60_000).withSeed(5);

    @Test
    void eventTimesStrictlyIncreaseAndTheStreamIsReproducible() {
        ClickStream a = new ClickStream(new PlantedWorld(SPEC)), b = new ClickStream(new PlantedWorld(SPEC));
        ClickStream.SyntheticClick x = new ClickStream.SyntheticClick(), y = new ClickStream.SyntheticClick();
        long previous = -1, n = 0;
        while (a.next(x)) {
            assertThat(b.next(y)).isTrue();
            assertThat(new long[]{x.user, x.item, x.label, x.timeMillis}).containsExactly(y.user, y.item, y.label, y.timeMillis);
            assertThat(x.timeMillis).isGreaterThan(previous);
            assertThat(x.index).isEqualTo(n++);
            previous = x.timeMillis;
        }
        assertThat(n).isEqualTo(SPEC.events());
        assertThat(b.next(y)).isFalse();
        assertThat(new ClickStream(new PlantedWorld(SPEC.withSeed(6))).next(y)).isTrue();
    }

    @Test
    void clickRateIsCalibratedToTheBaseCtr() {
        for (double ctr : new double[]{0.05, 0.2, 0.5}) {
            Dataset d = SyntheticDatasets.generate(SPEC.withBaseCtr(ctr));
            double observed = d.interactions().stream().mapToInt(Interaction::label).average().orElseThrow();
            assertThat(observed).as("CTR for target %s", ctr).isCloseTo(ctr, within(0.015));
        }
    }

    @Test
    void groupsClickTheirHomeClustersMoreAndTheDriftMovesThePreference() {
        SyntheticSpec spec = SPEC.withDriftAt(30_000);
        PlantedWorld world = new PlantedWorld(spec);
        ClickStream s = new ClickStream(world);
        ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
        // [before/after][home under the original assignment?] clicks and views
        long[][] clicks = new long[2][2], views = new long[2][2];
        while (s.next(c)) {
            int phase = c.index >= 30_000 ? 1 : 0;
            int home = world.homeGroup(world.cluster(c.item), false) == world.group(c.user) ? 1 : 0;
            clicks[phase][home] += c.label;
            views[phase][home]++;
        }
        double beforeHome = rate(clicks[0][1], views[0][1]), beforeOther = rate(clicks[0][0], views[0][0]);
        double afterHome = rate(clicks[1][1], views[1][1]);
        assertThat(beforeHome).isGreaterThan(2 * beforeOther);
        // after the drift the old home clusters are just "another group's" clusters
        assertThat(afterHome).isLessThan(beforeHome / 2);
    }

    @Test
    void userFieldsRevealTheGroupOnlySometimes() {
        PlantedWorld world = new PlantedWorld(SPEC.withUsers(20_000));
        int k = SPEC.groups(), revealing = 0;
        int[] sizes = new int[k];
        for (int u = 0; u < 20_000; u++) {
            sizes[world.group(u)]++;
            if (world.userField(u, 0) / 2 == world.group(u)) revealing++;
        }
        // P(value belongs to the group) = signal + (1 - signal) / K
        double expected = SPEC.fieldSignal() + (1 - SPEC.fieldSignal()) / k;
        assertThat(revealing / 20_000.0).isCloseTo(expected, within(0.02));
        for (int size : sizes) assertThat(size / 20_000.0).isCloseTo(1.0 / k, within(0.02));
    }

    @Test
    void popularItemsAreShownMoreOften() {
        ClickStream s = new ClickStream(new PlantedWorld(SPEC));
        ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
        long head = 0, n = 0;
        while (s.next(c)) {
            if (c.item < SPEC.items() / 10) head++;
            n++;
        }
        // x^2 < 0.1 for x < 0.316
        assertThat(head / (double) n).isCloseTo(Math.sqrt(0.1), within(0.01));
    }

    @Test
    void badSpecsNameTheProblem() {
        assertThatThrownBy(() -> SPEC.withGroups(20)).hasMessageContaining("clusters (16) must be >= groups (20)");
        assertThatThrownBy(() -> SPEC.withBaseCtr(1.5)).hasMessageContaining("base CTR");
        assertThatThrownBy(() -> SPEC.withUsers(0)).hasMessageContaining("users must be > 0");
        assertThatThrownBy(() -> SPEC.withDriftAt(-5)).hasMessageContaining("drift");
        assertThatThrownBy(() -> SPEC.withEvents(Long.MAX_VALUE / 2)).hasMessageContaining("2100");
    }

    private static double rate(long clicks, long views) {
        return (double) clicks / views;
    }
}
