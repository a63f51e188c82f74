package io.gprec.stream;

import io.gprec.data.FeatureKeys;
import io.gprec.model.FieldLayout;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.DoublePrimitiveArraySerializer;
import org.apache.flink.api.common.typeutils.base.array.FloatPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;
import org.apache.flink.streaming.api.operators.TimerSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyed state bytes per user, measured with the serializers Flink writes it with (docs/BENCHMARKS.md,
 * "State bytes per user"): the personal row of a 16-d model trained on one click, the user id,
 * and with expiry the deadline and its timer; each RocksDB entry's key also carries a 1-byte
 * key-group prefix (max parallelism ≤ 128). Run: {@code mvn -o -B test -Dtest=StateBytesTest}.
 */
class StateBytesTest {
    /** A 6-character user id, as in the TenRec-scale run. */
    private static final String USER = "u12345";
    private static final int KEY_GROUP_PREFIX = 1;

    private static <T> int bytes(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.length();
    }

    @Test
    void aUserWithA16dPersonalRowAndAdamSlotsTakesAtMost256Bytes() throws Exception {
        GprecModel model = new GprecModel(GprecConfig.builder().groups(6).seed(42).build(),
                new FieldLayout(new int[]{0}, new int[]{1}, new int[]{2}));
        long[] keys = {FeatureKeys.key(0, USER), FeatureKeys.key(1, "M"), FeatureKeys.key(2, "item")};
        model.train(new io.gprec.model.Batch(1, 3, keys, new float[]{1}));
        float[] row = model.exportPersonal(new long[]{keys[0]});
        assertThat(row).hasSize(48); // 16 values, 16 Adam m, 16 Adam v

        int key = KEY_GROUP_PREFIX + bytes(StringSerializer.INSTANCE, USER) + bytes(VoidNamespaceSerializer.INSTANCE, VoidNamespace.INSTANCE);
        int personal = key + bytes(FloatPrimitiveArraySerializer.INSTANCE, row);
        int deadline = key + bytes(LongSerializer.INSTANCE, 0L);
        int timer = KEY_GROUP_PREFIX + bytes(new TimerSerializer<>(StringSerializer.INSTANCE, VoidNamespaceSerializer.INSTANCE),
                new TimerHeapInternalTimer<>(0L, USER, VoidNamespace.INSTANCE));
        double[] asDoubles = new double[row.length];
        for (int i = 0; i < row.length; i++) asDoubles[i] = row[i];
        int before = key + bytes(DoublePrimitiveArraySerializer.INSTANCE, asDoubles);
        System.out.printf("state bytes per user: key %d B; personal row float[48] %d B (entry %d B); with gprec.state.ttl "
                        + "+ deadline entry %d B + timer entry %d B = %d B; before (double[48]) entry %d B%n",
                key, personal - key, personal, deadline, timer, personal + deadline + timer, before);

        assertThat(personal - key).isEqualTo(4 + 48 * 4);
        assertThat(before - key).isEqualTo(4 + 48 * 8);
        assertThat(personal).isLessThanOrEqualTo(256);
        assertThat(personal + deadline + timer).isLessThanOrEqualTo(256);
    }
}
