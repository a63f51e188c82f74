package io.gprec.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Last-seen times of embedding rows, their expiry, and how snapshots keep them. */
class RowExpiryTest {
    /** Embedding order of LAYOUT [personal 0, user 1, 2, item 3, 4]: the item-id table. */
    private static final int ITEM_TABLE = 3;

    /** One example per item: user 1 (fields 1, 2 fixed), items {@code items} in field 3, field 4 fixed. */
    private static Batch batch(long... items) {
        int f = 5;
        long[] keys = new long[items.length * f];
        float[] labels = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            keys[i * f] = 1;
            keys[i * f + 1] = 101;
            keys[i * f + 2] = 201;
            keys[i * f + 3] = items[i];
            keys[i * f + 4] = 400;
            labels[i] = i % 2;
        }
        return new Batch(items.length, f, keys, labels);
    }

    @Test
    void rowsAreStampedWithTheClockWhenTrainedOnAndOnlyThoseNotSeenSinceTheCutoffExpire() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        model.advanceClock(1_000);
        model.train(batch(10, 11, 12));
        model.advanceClock(5_000);
        model.train(batch(12, 13));
        model.advanceClock(4_000); // the clock never goes back
        assertThat(model.clock()).isEqualTo(5_000);
        model.train(batch(14));
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isEqualTo(1_000);
        assertThat(model.lastSeen(ITEM_TABLE, 12)).isEqualTo(5_000);
        assertThat(model.lastSeen(ITEM_TABLE, 14)).isEqualTo(5_000);
        long before = model.sharedRows();

        // cutoff at exactly a row's time keeps it: only rows seen strictly before expire
        assertThat(model.expireRowsSeenBefore(1_000)).isZero();
        assertThat(model.expireRowsSeenBefore(3_000)).isEqualTo(2); // items 10 and 11
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isNull();
        assertThat(model.lastSeen(ITEM_TABLE, 11)).isNull();
        assertThat(model.lastSeen(ITEM_TABLE, 12)).isEqualTo(5_000);
        assertThat(model.lastSeen(ITEM_TABLE, 13)).isEqualTo(5_000);
        // the user and field-4 rows were seen at 5 000 too: kept
        assertThat(model.lastSeen(1, 101)).isEqualTo(5_000);
        assertThat(model.lastSeen(ITEM_TABLE + 1, 400)).isEqualTo(5_000);
        assertThat(model.sharedRows()).isEqualTo(before - 2);

        // an expired id predicts like one never seen (the zero row) and is created afresh when trained on
        double[] expired = new double[1], never = new double[1];
        model.predict(batch(10), expired);
        model.predict(batch(999), never);
        assertThat(expired[0]).isEqualTo(never[0]);
        model.advanceClock(6_000);
        model.train(batch(10));
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isEqualTo(6_000);
    }

    @Test
    void rowsNeverStampedStartTheirPeriodAtTheFirstSweep() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        model.train(batch(10)); // no clock: as the offline evaluator trains
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isEqualTo(EmbeddingTable.UNSTAMPED);
        assertThat(model.expireRowsSeenBefore(7_000)).isZero();
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isEqualTo(7_000);
        assertThat(model.expireRowsSeenBefore(7_001)).isPositive();
        assertThat(model.lastSeen(ITEM_TABLE, 10)).isNull();
    }

    @Test
    void aSnapshotKeepsTheClockAndLastSeenTimes() throws IOException {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        model.advanceClock(1_000);
        model.train(batch(10, 11));
        model.advanceClock(9_000);
        model.train(batch(11));
        GprecModel restored = roundTrip(model, ModelSnapshot.CURRENT_VERSION);
        assertThat(restored.clock()).isEqualTo(9_000);
        assertThat(restored.lastSeen(ITEM_TABLE, 10)).isEqualTo(1_000);
        assertThat(restored.lastSeen(ITEM_TABLE, 11)).isEqualTo(9_000);
        assertThat(restored.expireRowsSeenBefore(5_000)).isEqualTo(model.expireRowsSeenBefore(5_000)).isEqualTo(1);
        assertThat(ModelSnapshotTestAccess.fullState(restored)).containsExactly(ModelSnapshotTestAccess.fullState(model));
        // the restored clock stamps what is trained next, exactly as the original does
        restored.train(batch(12));
        model.train(batch(12));
        assertThat(restored.lastSeen(ITEM_TABLE, 12)).isEqualTo(model.lastSeen(ITEM_TABLE, 12)).isEqualTo(9_000);
    }

    @Test
    void aVersion1SnapshotStillLoadsWithRowsUnstamped() throws IOException {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        model.advanceClock(1_000);
        for (int i = 0; i < 3; i++) model.train(GradientCheckTest.batch());
        model.train(batch(10, 11));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(model, Provenance.of(Map.of("k", "v")), out, ModelSnapshot.VERSION_1);
        byte[] v1 = out.toByteArray();
        assertThat(java.nio.ByteBuffer.wrap(v1, 8, 4).getInt()).isEqualTo(ModelSnapshot.VERSION_1);
        ModelSnapshot.Loaded loaded = ModelSnapshot.read(new ByteArrayInputStream(v1));
        GprecModel old = loaded.model();
        assertThat(loaded.provenance().entries()).containsEntry("k", "v");
        assertThat(ModelSnapshotTestAccess.fullState(old)).containsExactly(ModelSnapshotTestAccess.fullState(model));
        assertThat(ModelSnapshotTest.predict(old)).containsExactly(ModelSnapshotTest.predict(model));
        assertThat(old.clock()).isEqualTo(EmbeddingTable.UNSTAMPED);
        assertThat(old.lastSeen(ITEM_TABLE, 10)).isEqualTo(EmbeddingTable.UNSTAMPED);
        // and version 2 is what this build writes
        assertThat(java.nio.ByteBuffer.wrap(bytes(model), 8, 4).getInt()).isEqualTo(ModelSnapshot.VERSION_2);
    }

    @Test
    void replicaSyncToleratesRowsExpiredInOneReplicaAndNotTheOther() {
        GprecModel a = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        GprecModel b = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        ReplicaSync sa = new ReplicaSync(a), sb = new ReplicaSync(b);
        a.advanceClock(1_000);
        b.advanceClock(1_000);
        Batch first = batch(10, 11, 12);
        sa.beforeTrain(first);
        a.train(first);
        sb.beforeTrain(first);
        b.train(first);
        // a expires every row it trained (b keeps them), after its tracker recorded them as touched
        assertThat(a.expireRowsSeenBefore(2_000)).isPositive();
        assertThat(a.lastSeen(ITEM_TABLE, 10)).isNull();

        DeltaAverager averager = new DeltaAverager();
        ParameterDelta da = sa.extractDelta(0, 2), db = sb.extractDelta(1, 2);
        assertThat(da.rowCount()).as("a sends no rows it no longer holds").isZero();
        assertThat(db.rowCount()).isPositive();
        averager.add(da);
        ParameterDelta average = averager.add(db).orElseThrow();
        sa.apply(average);
        sb.apply(average);
        // the rows of the average that a lacked are created, from the zero row plus the average
        assertThat(a.lastSeen(ITEM_TABLE, 10)).isEqualTo(1_000);
        double[] row = a.embeddings().tables[ITEM_TABLE].exportRow(10);
        assertThat(row).isNotNull();
        assertThat(java.util.Arrays.copyOf(row, 4)).isNotEqualTo(new double[4]);
        assertThat(sa.baseHash()).isEqualTo(sb.baseHash());
    }

    private static GprecModel roundTrip(GprecModel model, int version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(model, Provenance.of(Map.of()), out, version);
        return ModelSnapshot.read(new ByteArrayInputStream(out.toByteArray())).model();
    }

    private static byte[] bytes(GprecModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(model, Provenance.of(Map.of()), out);
        return out.toByteArray();
    }
}
