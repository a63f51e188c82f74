package io.gprec.stream;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaEntryTest {
    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static byte[] serialize(ReplicaEntry e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        ReplicaEntry.Serializer.INSTANCE.serialize(e, out);
        return out.getCopyOfBuffer();
    }

    private static byte[] contents(ChunkedBytes b) throws Exception {
        return b.open().readAllBytes();
    }

    @Test
    void aReplicaOfSeveralChunksSurvivesTheSerializer() throws Exception {
        byte[] model = randomBytes(2 * ChunkedBytes.CHUNK + 12_345);
        ReplicaEntry e = new ReplicaEntry(1, 2, 3, 44, 55, 6, ChunkedBytes.of(model), new byte[]{9, 8, 7});
        ReplicaEntry back = ReplicaEntry.Serializer.INSTANCE.deserialize(new DataInputDeserializer(serialize(e)));
        assertThat(List.of(back.subtask(), back.parallelism(), back.epoch())).containsExactly(1, 2, 3);
        assertThat(List.of(back.appliedRound(), back.feedbackOffset(), back.versionOffset())).containsExactly(44L, 55L, 6L);
        assertThat(back.model().length()).isEqualTo(model.length);
        assertThat(contents(back.model())).isEqualTo(model);
        assertThat(back.sync()).containsExactly(9, 8, 7);
    }

    @Test
    void anEntryWithoutSyncStateAndAnEmptyModelRoundTrips() throws Exception {
        ReplicaEntry e = new ReplicaEntry(0, 1, 0, 0, -1, 0, ChunkedBytes.of(new byte[0]), null);
        ReplicaEntry back = ReplicaEntry.Serializer.INSTANCE.deserialize(new DataInputDeserializer(serialize(e)));
        assertThat(back.sync()).isNull();
        assertThat(back.feedbackOffset()).isEqualTo(-1);
        assertThat(contents(back.model())).isEmpty();
    }

    @Test
    void anOldByteArrayEntryDecodesToTheSameEntry() throws Exception {
        // the byte-array state of earlier builds has exactly the serializer's layout
        byte[] model = randomBytes(5000);
        byte[] old = serialize(new ReplicaEntry(2, 4, 1, 10, 20, 30, ChunkedBytes.of(model), null));
        ReplicaEntry back = ReplicaEntry.decode(old);
        assertThat(back.subtask()).isEqualTo(2);
        assertThat(back.appliedRound()).isEqualTo(10);
        assertThat(contents(back.model())).isEqualTo(model);
    }

    @Test
    void theSerializerDoesNotCopyAnEntry() {
        ReplicaEntry e = new ReplicaEntry(0, 1, 0, 0, -1, 0, ChunkedBytes.of(new byte[10]), null);
        assertThat(ReplicaEntry.Serializer.INSTANCE.copy(e)).isSameAs(e);
        assertThat(ReplicaEntry.Serializer.INSTANCE.isImmutableType()).isTrue();
        assertThat(ReplicaEntry.Serializer.INSTANCE.snapshotConfiguration().restoreSerializer()).isSameAs(ReplicaEntry.Serializer.INSTANCE);
    }

    @Test
    void aTruncatedOrForeignEntryIsRefusedWithItsReason() throws Exception {
        byte[] whole = serialize(new ReplicaEntry(0, 1, 0, 0, -1, 0, ChunkedBytes.of(randomBytes(100)), null));
        assertThatThrownBy(() -> ReplicaEntry.decode(java.util.Arrays.copyOf(whole, 60)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReplicaEntry.decode(new byte[64]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bad magic");
    }

    @Test
    void chunkedBytesReadByteByByteAndInBlocksAgree() throws Exception {
        byte[] data = randomBytes(ChunkedBytes.CHUNK + 3);
        ChunkedBytes.Writer w = new ChunkedBytes.Writer();
        for (int i = 0; i < 10; i++) w.write(data[i]);
        w.write(data, 10, data.length - 10);
        ChunkedBytes b = w.toBytes();
        var in = b.open();
        byte[] first = new byte[5];
        for (int i = 0; i < 5; i++) first[i] = (byte) in.read();
        assertThat(first).isEqualTo(java.util.Arrays.copyOf(data, 5));
        byte[] rest = in.readAllBytes();
        assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(data, 5, data.length));
        assertThat(in.read()).isEqualTo(-1);
    }

    private static ReplicaEntry entry(int subtask, int parallelism, int epoch, long round) {
        return new ReplicaEntry(subtask, parallelism, epoch, round, -1, 0, ChunkedBytes.of(new byte[]{(byte) subtask}), null);
    }

    @Test
    void atTheSameParallelismEverySubtaskResumesFromItsOwnReplica() {
        // subtask 0's entry comes to everyone (union), subtask 1's only to itself (split)
        List<ReplicaEntry> shared = List.of(entry(0, 2, 0, 7));
        assertThat(ReplicaEntry.rescaled(shared, List.of(), 0, 2)).isFalse();
        assertThat(ReplicaEntry.choose(shared, List.of(), 0, 2)).containsSame(shared.get(0));
        ReplicaEntry mine = entry(1, 2, 0, 6);
        assertThat(ReplicaEntry.rescaled(shared, List.of(mine), 1, 2)).isFalse();
        assertThat(ReplicaEntry.choose(shared, List.of(mine), 1, 2)).containsSame(mine);
    }

    @Test
    void afterARescaleEverySubtaskResumesFromTheSameSharedReplica() {
        List<ReplicaEntry> shared = List.of(entry(0, 2, 0, 7));
        // at P = 4 the split entry of old subtask 1 lands on one new subtask only: it must not change that subtask's choice
        for (int index = 0; index < 4; index++) {
            List<ReplicaEntry> own = index == 1 ? List.of(entry(1, 2, 0, 9)) : List.of();
            assertThat(ReplicaEntry.rescaled(shared, own, index, 4)).isTrue();
            assertThat(ReplicaEntry.choose(shared, own, index, 4)).containsSame(shared.get(0));
        }
        assertThat(ReplicaEntry.choose(shared, List.of(entry(1, 2, 0, 9)), 0, 1)).containsSame(shared.get(0));
    }

    @Test
    void aCheckpointOfEarlierBuildsWithEveryReplicaInUnionStateStillRestores() {
        List<ReplicaEntry> legacy = List.of(entry(0, 2, 1, 5), entry(1, 2, 1, 6));
        assertThat(ReplicaEntry.choose(legacy, List.of(), 1, 2)).containsSame(legacy.get(1));
        assertThat(ReplicaEntry.rescaled(legacy, List.of(), 1, 2)).isFalse();
        // rescaled: the one furthest ahead, for every new subtask
        assertThat(ReplicaEntry.choose(legacy, List.of(), 2, 3)).containsSame(legacy.get(1));
        assertThat(ReplicaEntry.choose(legacy, List.of(), 0, 3)).containsSame(legacy.get(1));
    }

    @Test
    void aFreshJobHasNothingToResumeFrom() {
        assertThat(ReplicaEntry.choose(List.of(), List.of(), 0, 2)).isEmpty();
        assertThat(ReplicaEntry.rescaled(List.of(), List.of(), 0, 2)).isFalse();
    }
}
