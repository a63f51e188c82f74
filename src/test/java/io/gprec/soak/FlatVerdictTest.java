package io.gprec.soak;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlatVerdictTest {
    private static final long MIB = 1 << 20;

    /** 180 samples 10 s apart (a 30-minute soak); heap as given, the rest steady, checkpoints from sample 3 on. */
    static List<SoakSample> soak(IntToLongFunction heapMiB) {
        List<SoakSample> out = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            long ckpt = i < 3 ? 0 : i - 2;
            out.add(new SoakSample(i * 10.0, heapMiB.applyAsLong(i) * MIB, 40 * MIB + (i % 7) * MIB, 60 * MIB, ckpt,
                    ckpt == 0 ? 0 : 900 + (i % 5) * 100, ckpt == 0 ? 0 : 30 * MIB, 2 * MIB, 0, 10_000 + (i % 10) * 100));
        }
        return out;
    }

    @Test
    void aSawToothHeapAroundALevelIsFlat() {
        // a young-generation saw-tooth between 200 and 700 MiB, every minute, for the whole soak
        List<FlatVerdict.Result> r = FlatVerdict.judge(soak(i -> 200 + (i % 6) * 100), 0.25, 0.1);
        assertThat(r).hasSize(Series.values().length).allMatch(FlatVerdict.Result::flat);
        assertThat(FlatVerdict.allFlat(r)).isTrue();
        FlatVerdict.Result heap = r.get(0);
        assertThat(heap.series()).isEqualTo(Series.HEAP);
        assertThat(heap.lastThird()).isCloseTo(heap.firstThird(), org.assertj.core.data.Offset.offset(100.0));
    }

    @Test
    void aLeakThatRaisesTheHeapByHalfIsNotFlat() {
        // +1 MiB every 10 s: 300 MiB to ~480 MiB over the soak
        List<FlatVerdict.Result> r = FlatVerdict.judge(soak(i -> 300 + i), 0.25, 0.1);
        FlatVerdict.Result heap = r.stream().filter(x -> x.series() == Series.HEAP).findFirst().orElseThrow();
        assertThat(heap.flat()).isFalse();
        assertThat(heap.growth()).isBetween(0.3, 0.45);
        assertThat(heap.slopePer10Min()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(heap.line()).contains("NOT FLAT").contains("TaskManager heap used");
        assertThat(FlatVerdict.allFlat(r)).isFalse();
        // the same leak passes with a threshold above its growth: the threshold is what decides
        assertThat(FlatVerdict.judge(soak(i -> 300 + i), 0.5, 0.1).get(0).flat()).isTrue();
    }

    @Test
    void aSmallAbsoluteChangeIsFlatWhateverItsRatio() {
        // 10 -> 40 MiB is +300 % but under the heap's 64 MiB slack
        FlatVerdict.Result heap = FlatVerdict.judge(soak(i -> i < 90 ? 10 : 40), 0.25, 0.1).get(0);
        assertThat(heap.growth()).isGreaterThan(2.0);
        assertThat(heap.flat()).isTrue();
    }

    @Test
    void samplesBeforeTheFirstCheckpointAreWarmUp() {
        List<SoakSample> s = soak(i -> 300);
        // no warm-up share: the first three samples (no checkpoint, duration 0) are still left out
        FlatVerdict.Result duration = FlatVerdict.judge(s, 0.25, 0).stream()
                .filter(x -> x.series() == Series.CHECKPOINT_DURATION).findFirst().orElseThrow();
        assertThat(duration.firstThird()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void tooFewSamplesOrBadSettingsAreRefused() {
        assertThatThrownBy(() -> FlatVerdict.judge(soak(i -> 1).subList(0, 8), 0.25, 0.1))
                .hasMessageContaining("too few samples");
        assertThatThrownBy(() -> FlatVerdict.judge(soak(i -> 1), -1, 0.1)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> FlatVerdict.judge(soak(i -> 1), 0.25, 1)).hasMessageContaining("warm-up");
    }

    @Test
    void medianAndSlope() {
        assertThat(FlatVerdict.median(new double[]{5, 1, 3})).isEqualTo(3);
        assertThat(FlatVerdict.median(new double[]{4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(FlatVerdict.slope(new double[]{0, 1, 2, 3}, new double[]{1, 3, 5, 7})).isEqualTo(2);
        assertThat(FlatVerdict.slope(new double[]{1, 1}, new double[]{1, 3})).isEqualTo(0);
    }
}
