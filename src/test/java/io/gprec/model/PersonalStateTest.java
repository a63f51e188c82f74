package io.gprec.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Personal rows can leave the model and come back (as a keyed-state store would do) without changing anything. */
class PersonalStateTest {
    @Test
    void exportEvictImportIsInvisibleToTraining() throws IOException {
        GprecConfig config = GradientCheckTest.small().dataType(org.nd4j.linalg.api.buffer.DataType.FLOAT).build();
        GprecModel kept = new GprecModel(config, GradientCheckTest.LAYOUT);
        GprecModel moved = new GprecModel(config, GradientCheckTest.LAYOUT);
        Map<Long, float[]> store = new HashMap<>();
        for (int step = 0; step < 6; step++) {
            TrainStats a = kept.train(GradientCheckTest.batch());
            for (long user : new long[]{1, 2, 3}) {
                float[] s = store.get(user);
                if (s != null) moved.importPersonal(new long[]{user}, s);
            }
            TrainStats b = moved.train(GradientCheckTest.batch());
            assertThat(b).isEqualTo(a);
            for (long user : new long[]{1, 2, 3}) {
                store.put(user, moved.exportPersonal(new long[]{user}));
                moved.evictPersonal(new long[]{user});
            }
            assertThat(moved.personalRowsHeld()).isZero();
        }
        // and a snapshot taken with users evicted restores (rows freed and reused are not written)
        for (long user : new long[]{1, 2, 3}) moved.importPersonal(new long[]{user}, store.get(user));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSnapshot.write(moved, Provenance.of(Map.of()), out);
        GprecModel restored = ModelSnapshot.read(new ByteArrayInputStream(out.toByteArray())).model();
        assertThat(ModelSnapshotTest.predict(restored)).containsExactly(ModelSnapshotTest.predict(kept));
    }

    @Test
    void unknownUsersExportNothingAndBadStateIsRejected() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        assertThat(model.exportPersonal(new long[]{99})).isNull();
        assertThatThrownBy(() -> model.importPersonal(new long[]{99}, new float[5])).hasMessageContaining("expected personal state of 12");
    }

    @Test
    void longIntMapRemovalAgreesWithHashMap() {
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> ref = new HashMap<>();
        Rng rng = new Rng(9);
        for (int i = 0; i < 200_000; i++) {
            long key = Long.remainderUnsigned(rng.nextLong(), 5000) * 0x10000L; // clustered hashes
            if (rng.nextOpenUnit() < 0.4) {
                assertThat(map.remove(key)).isEqualTo(ref.remove(key) != null);
            } else {
                map.put(key, i);
                ref.put(key, i);
            }
            if (i % 1000 == 0) {
                assertThat(map.size()).isEqualTo(ref.size());
                for (Map.Entry<Long, Integer> e : ref.entrySet()) assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void personalRowsAreHeldInFloat32AndSharedRowsInDouble() {
        GprecModel model = new GprecModel(GradientCheckTest.small().build(), GradientCheckTest.LAYOUT);
        for (int step = 0; step < 4; step++) model.train(GradientCheckTest.batch());
        EmbeddingTable personal = model.embeddings().tables[0], item = model.embeddings().tables[model.embeddings().tables.length - 1];
        assertThat(personal.singlePrecision()).isTrue();
        assertThat(item.singlePrecision()).isFalse();
        int inexact = 0;
        for (int r = 1; r < personal.rows(); r++) {
            for (double[] a : new double[][]{personal.values(), personal.firstMoments(), personal.secondMoments()}) {
                for (int k = 0; k < personal.dim(); k++) assertThat(a[r * personal.dim() + k]).isEqualTo((double) (float) a[r * personal.dim() + k]);
            }
        }
        // the shared rows are not rounded: some value needs more than a float's 24 bits
        for (int r = 1; r < item.rows(); r++) for (int k = 0; k < item.dim(); k++) {
            double v = item.values()[r * item.dim() + k];
            if (v != (double) (float) v) inexact++;
        }
        assertThat(personal.rows()).isGreaterThan(1);
        assertThat(inexact).isPositive();
    }
}
