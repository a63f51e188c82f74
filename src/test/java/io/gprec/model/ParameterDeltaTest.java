package io.gprec.model;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire form of deltas and updates: float32 values (version 2), version 1 (float64) still read. */
class ParameterDeltaTest {
    private static final int DIM = 4;

    private static ParameterDelta delta(Random rnd, int subtask) {
        double[] dense = new double[1000];
        for (int i = 0; i < dense.length; i++) dense[i] = rnd.nextGaussian() * 1e-3;
        long[][] keys = {{3, 7, 11}, {}, {42}};
        double[][] rows = new double[keys.length][];
        for (int t = 0; t < keys.length; t++) {
            rows[t] = new double[keys[t].length * DIM];
            for (int i = 0; i < rows[t].length; i++) rows[t][i] = rnd.nextGaussian() * 1e-2;
        }
        return new ParameterDelta(2, 17, subtask, 2, 5, 0x1234L, 0x5678L, dense, keys, rows, DIM);
    }

    private static double[] asFloats(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) a[i];
        return out;
    }

    @Test
    void version2CarriesFloat32ValuesAndEverythingElseExactly() {
        ParameterDelta d = delta(new Random(1), 1);
        byte[] bytes = d.encode();
        assertThat(bytes).hasSize(d.encodedSize());
        assertThat(ByteBuffer.wrap(bytes, 8, 4).getInt()).isEqualTo(ParameterDelta.VERSION_2);
        ParameterDelta back = ParameterDelta.decode(bytes);
        assertThat(back.epoch()).isEqualTo(2);
        assertThat(back.round()).isEqualTo(17);
        assertThat(back.subtask()).isEqualTo(1);
        assertThat(back.parallelism()).isEqualTo(2);
        assertThat(back.steps()).isEqualTo(5);
        assertThat(back.baseHash()).isEqualTo(0x1234L);
        assertThat(back.valueHash()).isEqualTo(0x5678L);
        // each value is the nearest float: not the double (the test would pass with float64 only if this were wrong)
        assertThat(back.dense).containsExactly(asFloats(d.dense));
        assertThat(back.dense).isNotEqualTo(d.dense);
        for (int t = 0; t < d.keys.length; t++) {
            assertThat(back.keys[t]).containsExactly(d.keys[t]);
            assertThat(back.rows[t]).containsExactly(asFloats(d.rows[t]));
        }
        // decoding is deterministic and a second round trip changes nothing: what a replica applies is what was sent
        assertThat(ParameterDelta.decode(back.encode()).dense).containsExactly(back.dense);
        assertThat(back.encode()).isEqualTo(bytes);
    }

    @Test
    void version2IsAboutHalfTheBytesOfVersion1() {
        ParameterDelta d = delta(new Random(2), 0);
        int v1 = d.encode(ParameterDelta.VERSION_1).length, v2 = d.encode().length;
        // 1000 dense + 16 row values at 4 instead of 8 bytes; keys and header unchanged
        assertThat(v1 - v2).isEqualTo(4 * (1000 + 4 * DIM));
    }

    @Test
    void version1PayloadsAreStillReadExactly() {
        ParameterDelta d = delta(new Random(3), 0);
        ParameterDelta back = ParameterDelta.decode(d.encode(ParameterDelta.VERSION_1));
        assertThat(back.dense).containsExactly(d.dense);
        for (int t = 0; t < d.keys.length; t++) {
            assertThat(back.keys[t]).containsExactly(d.keys[t]);
            assertThat(back.rows[t]).containsExactly(d.rows[t]);
        }
        assertThat(back.round()).isEqualTo(17);
    }

    @Test
    void unknownVersionsAndTruncatedPayloadsAreRejected() {
        byte[] bytes = delta(new Random(4), 0).encode();
        ByteBuffer.wrap(bytes).putInt(8, 3);
        assertThatThrownBy(() -> ParameterDelta.decode(bytes)).hasMessageContaining("unsupported parameter delta version 3");
        byte[] v2 = delta(new Random(4), 0).encode();
        assertThatThrownBy(() -> ParameterDelta.decode(java.util.Arrays.copyOf(v2, v2.length - 3))).hasMessageContaining("truncated");
    }

    @Test
    void twoReplicasApplyingTheDecodedFloat32UpdateKeepBitIdenticalBases() {
        GprecConfig config = GradientCheckTest.small().build();
        GprecModel a = new GprecModel(config, GradientCheckTest.LAYOUT), b = new GprecModel(config, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        Random ra = new Random(5), rb = new Random(6);
        DeltaAverager averager = new DeltaAverager();
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 2 + round; i++) {
                Batch x = ReplicaSyncTest.batch(ra, 16);
                sa.beforeTrain(x);
                a.train(x);
            }
            for (int i = 0; i < 4; i++) {
                Batch x = ReplicaSyncTest.batch(rb, 16);
                sb.beforeTrain(x);
                b.train(x);
            }
            averager.add(ParameterDelta.decode(sa.extractDelta(0, 2).encode()));
            byte[] wire = averager.add(ParameterDelta.decode(sb.extractDelta(1, 2).encode())).orElseThrow().encode();
            // each replica decodes its own copy, as each trainer subtask does from the feedback topic
            sa.apply(ParameterDelta.decode(wire));
            sb.apply(ParameterDelta.decode(wire.clone()));
            assertThat(sa.base()).as("round %d", round).containsExactly(sb.base());
            assertThat(sa.baseHash()).isEqualTo(sb.baseHash());
            assertThat(a.params().values().data().asDouble()).containsExactly(b.params().values().data().asDouble());
        }
        // an idle round after them: both replicas send identical values, and the average says so
        List<ParameterDelta> idle = List.of(sa.extractDelta(0, 2), sb.extractDelta(1, 2));
        assertThat(DeltaAverager.average(idle).valueHash()).isNotZero();
    }
}
