package io.gprec.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Delta extraction, averaging and application between replicas of the shared parameters. */
class ReplicaSyncTest {
    private static final GprecConfig CONFIG = GradientCheckTest.small().build();

    static Batch batch(Random rnd, int n) {
        int f = 5;
        long[] keys = new long[n * f];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int user = rnd.nextInt(20);
            keys[i * f] = user;
            keys[i * f + 1] = 100 + user % 2;
            keys[i * f + 2] = 200 + user % 5;
            keys[i * f + 3] = 300 + rnd.nextInt(15);
            keys[i * f + 4] = 400 + rnd.nextInt(4);
            labels[i] = rnd.nextBoolean() ? 1 : 0;
        }
        return new Batch(n, f, keys, labels);
    }

    private static void train(GprecModel m, ReplicaSync s, Batch b) {
        s.beforeTrain(b);
        m.train(b);
    }

    private static double[] dense(GprecModel m) { return m.params().values().data().asDouble(); }

    @Test
    void afterARoundTheReplicasHoldIdenticalParametersAndTheMeanOfTheirChanges() {
        GprecModel a = new GprecModel(CONFIG, GradientCheckTest.LAYOUT), b = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        double[] init = dense(a);
        assertThat(sa.baseHash()).isEqualTo(sb.baseHash());
        Random ra = new Random(1), rb = new Random(2);
        for (int i = 0; i < 3; i++) train(a, sa, batch(ra, 16));
        for (int i = 0; i < 5; i++) train(b, sb, batch(rb, 16));
        double[] va = dense(a), vb = dense(b);
        assertThat(va).isNotEqualTo(vb);
        double[] itemA = a.embeddings().tables[3].exportRow(301), itemB = b.embeddings().tables[3].exportRow(301);

        DeltaAverager averager = new DeltaAverager();
        ParameterDelta da = sa.extractDelta(0, 2), db = sb.extractDelta(1, 2);
        assertThat(da.round()).isEqualTo(1);
        assertThat(da.steps()).isEqualTo(3);
        assertThat(da.rowCount()).isPositive();
        assertThat(averager.add(ParameterDelta.decode(da.encode()))).isEmpty();
        ParameterDelta avg = ParameterDelta.decode(averager.add(ParameterDelta.decode(db.encode())).orElseThrow().encode());
        assertThat(avg.baseHash()).isEqualTo(sa.baseHash());
        assertThat(avg.valueHash()).as("the replicas had trained differently").isZero();
        assertThat(avg.steps()).isEqualTo(8);
        sa.apply(avg);
        sb.apply(avg);

        assertThat(sa.baseHash()).isEqualTo(sb.baseHash());
        assertThat(dense(a)).containsExactly(dense(b));
        double[] after = dense(a);
        // the deltas and the update travel as float32 (ParameterDelta version 2): the mean holds to float precision
        for (int i = 0; i < after.length; i += 7) {
            assertThat(after[i]).isCloseTo(init[i] + ((va[i] - init[i]) + (vb[i] - init[i])) / 2, within(1e-6));
        }
        // a row both touched: the mean of the two (both created it since the last sync, so their deltas are their values)
        double[] rowA = a.embeddings().tables[3].exportRow(301), rowB = b.embeddings().tables[3].exportRow(301);
        for (int k = 0; k < 4; k++) {
            assertThat(rowA[k]).isEqualTo(rowB[k]);
            assertThat(rowA[k]).isCloseTo((itemA[k] + itemB[k]) / 2, within(1e-6));
        }
        // personal rows stay with their owner: not part of any delta
        assertThat(da.keys.length).isEqualTo(4);
        assertThat(sa.version()).isEqualTo(8).isEqualTo(sb.version());
        assertThat(sa.appliedRound()).isEqualTo(1);
        // a round with no training: both send identical values, and the average says so
        ParameterDelta idle = DeltaAverager.average(java.util.List.of(sa.extractDelta(0, 2), sb.extractDelta(1, 2)));
        assertThat(idle.valueHash()).isNotZero();
        assertThat(idle.steps()).isZero();
    }

    @Test
    void trainingDoneWhileARoundIsInFlightIsKeptAndSentNextTime() {
        GprecModel a = new GprecModel(CONFIG, GradientCheckTest.LAYOUT), b = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        Random ra = new Random(3), rb = new Random(4);
        train(a, sa, batch(ra, 16));
        train(b, sb, batch(rb, 16));
        ParameterDelta da = sa.extractDelta(0, 2), db = sb.extractDelta(1, 2);
        assertThatThrownBy(() -> sa.extractDelta(0, 2)).isInstanceOf(IllegalStateException.class);
        double[] beforeLocal = dense(a);
        train(a, sa, batch(ra, 16)); // a trains on while round 1 is averaged
        double[] local = dense(a);
        DeltaAverager averager = new DeltaAverager();
        averager.add(da);
        ParameterDelta avg = averager.add(db).orElseThrow();
        sa.apply(avg);
        sb.apply(avg);
        assertThat(sa.baseHash()).isEqualTo(sb.baseHash());
        double[] va = dense(a), vb = dense(b);
        for (int i = 0; i < va.length; i++) assertThat(va[i] - vb[i]).isCloseTo(local[i] - beforeLocal[i], within(1e-12));
        assertThat(sa.version()).isEqualTo(3);
        ParameterDelta next = sa.extractDelta(0, 2);
        assertThat(next.round()).isEqualTo(2);
        assertThat(next.steps()).isEqualTo(1);
        for (int i = 0; i < va.length; i++) assertThat(next.dense[i]).isCloseTo(local[i] - beforeLocal[i], within(1e-12));
    }

    @Test
    void aRestoredTrackerContinuesTheProtocolExactly() throws Exception {
        GprecConfig config = CONFIG.toBuilder().dataType(DataType.FLOAT).build();
        GprecModel a = new GprecModel(config, GradientCheckTest.LAYOUT), b = new GprecModel(config, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        Random ra = new Random(5), rb = new Random(6);
        train(a, sa, batch(ra, 16));
        train(b, sb, batch(rb, 16));
        ParameterDelta da = sa.extractDelta(0, 2), db = sb.extractDelta(1, 2);
        Batch more = batch(ra, 16);
        train(a, sa, more);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(a, Provenance.of(Map.of("source", "test")), out);
        GprecModel copy = ModelSnapshot.read(new ByteArrayInputStream(out.toByteArray())).model();
        ReplicaSync restored = ReplicaSync.restore(copy, sa.encodeState());
        assertThat(restored.outstandingRound()).isEqualTo(1);
        assertThat(restored.trackedRows()).isEqualTo(sa.trackedRows()).isPositive();

        ParameterDelta avg = DeltaAverager.average(java.util.List.of(da, db));
        sa.apply(avg);
        restored.apply(avg);
        assertThat(dense(copy)).containsExactly(dense(a));
        assertThat(restored.extractDelta(0, 2).encode()).isEqualTo(sa.extractDelta(0, 2).encode());
        assertThatThrownBy(() -> ReplicaSync.restore(copy, new byte[]{0, 0, 0, 9}))
                .hasMessageContaining("unsupported replica sync state version 9");
    }

    @Test
    void averagerDropsDeltasOfAnOlderEpochAndRejectsProtocolViolations() {
        GprecModel a = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync s = new ReplicaSync(a);
        train(a, s, batch(new Random(7), 8));
        ParameterDelta old = s.extractDelta(0, 2);
        DeltaAverager averager = new DeltaAverager();
        assertThat(averager.add(old)).isEmpty();
        s.startEpoch(1); // a rescale to P=1: the partial round of epoch 0 can never complete
        train(a, s, batch(new Random(8), 8));
        ParameterDelta fresh = s.extractDelta(0, 1);
        assertThat(fresh.epoch()).isEqualTo(1);
        assertThat(averager.add(fresh)).isPresent();
        assertThat(averager.dropped()).isEqualTo(1);
        assertThat(averager.add(old)).isEmpty();
        assertThat(averager.dropped()).isEqualTo(2);
        assertThat(averager.diverged()).isZero();

        DeltaAverager twice = new DeltaAverager();
        twice.add(old);
        assertThatThrownBy(() -> twice.add(old)).hasMessageContaining("sync protocol violated");
        assertThatThrownBy(() -> ParameterDelta.decode(new byte[]{1, 2, 3})).hasMessageContaining("truncated");
    }

    @Test
    void sumCombineAddsTheDenseDeltasAndStillAveragesRows() {
        GprecModel a = new GprecModel(CONFIG, GradientCheckTest.LAYOUT), b = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        train(a, sa, batch(new Random(1), 16));
        train(b, sb, batch(new Random(2), 16));
        ParameterDelta da = sa.extractDelta(0, 2), db = sb.extractDelta(1, 2);
        ParameterDelta sum = DeltaAverager.average(java.util.List.of(da, db), DenseCombine.SUM);
        ParameterDelta mean = DeltaAverager.average(java.util.List.of(da, db), DenseCombine.MEAN);
        for (int i = 0; i < sum.dense.length; i++) {
            assertThat(sum.dense[i]).isEqualTo(da.dense[i] + db.dense[i]);
            assertThat(mean.dense[i]).isEqualTo((da.dense[i] + db.dense[i]) / 2);
        }
        assertThat(sum.rows).isDeepEqualTo(mean.rows);
        assertThat(sum.steps()).isEqualTo(2);
    }

    /**
     * At-least-once feedback after a restore: the averager meets deltas of a round the replicas
     * already moved past, and a replica meets the update of a round it has not sent a delta for.
     * Neither blocks, and the bases stay identical.
     */
    @Test
    void roundsAreAppliedInOrderEvenWithoutAnOutstandingDeltaAndTheAveragerMovesOnToANewerRound() {
        GprecModel a = new GprecModel(CONFIG, GradientCheckTest.LAYOUT), b = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        train(a, sa, batch(new Random(1), 16));
        train(b, sb, batch(new Random(2), 16));
        ParameterDelta a1 = sa.extractDelta(0, 2), b1 = sb.extractDelta(1, 2);
        ParameterDelta round1 = DeltaAverager.average(java.util.List.of(a1, b1));

        // the restored b: its delta of round 1 was sent by the failed attempt, not by this one
        GprecModel b2 = new GprecModel(CONFIG, GradientCheckTest.LAYOUT);
        ReplicaSync sb2 = new ReplicaSync(b2);
        train(b2, sb2, batch(new Random(3), 16));
        assertThat(sb2.outstanding()).isFalse();
        assertThat(sb2.isNext(round1)).isTrue();
        sb2.apply(round1);
        sa.apply(round1);
        assertThat(sb2.baseHash()).isEqualTo(sa.baseHash());
        assertThat(sb2.appliedRound()).isEqualTo(1);
        assertThat(sb2.isNext(round1)).as("a round is applied once").isFalse();
        assertThat(dense(b2)).as("b2's own training since the last round is kept").isNotEqualTo(sb2.base());

        // the restored averager still collects round 1 (a's delta from its state); the replicas have moved on to round 2
        DeltaAverager averager = new DeltaAverager();
        assertThat(averager.add(a1)).isEmpty();
        train(a, sa, batch(new Random(4), 16));
        ParameterDelta a2 = sa.extractDelta(0, 2), b22 = sb2.extractDelta(1, 2);
        assertThat(a2.round()).isEqualTo(2);
        assertThat(b22.round()).isEqualTo(2);
        assertThat(averager.add(a2)).isEmpty();
        ParameterDelta round2 = averager.add(b22).orElseThrow();
        assertThat(round2.round()).isEqualTo(2);
        assertThat(round2.baseHash()).as("both senders held the same base").isNotZero();
        assertThat(averager.dropped()).as("the partial round 1").isEqualTo(1);
        assertThat(averager.pending()).isEmpty();
        assertThat(averager.add(b1)).as("a delta of a completed round").isEmpty();
        assertThat(averager.dropped()).isEqualTo(2);
        sa.apply(round2);
        sb2.apply(round2);
        assertThat(sa.baseHash()).isEqualTo(sb2.baseHash());
        assertThatThrownBy(() -> sa.apply(round1)).hasMessageContaining("expected the update of epoch 0 round 3");
    }
}
