package io.gprec.stream;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One trainer subtask's replica of the shared model in the operator's union state: the model
 * snapshot, the sync tracker's state (null at parallelism 1) and the feedback topic offset, with
 * the subtask, parallelism, epoch and last applied round it was written at.
 *
 * @param model          the {@code ModelSnapshot} bytes, in chunks (never one array: see {@link ChunkedBytes})
 * @param sync           {@code io.gprec.model.ReplicaSync#encodeState()}, or null
 * @param feedbackOffset next feedback record to read; -1 = none read yet
 * @param versionOffset  model version minus the model's step count (0 until the job ran at P &gt; 1), so versions
 *                       continue across a rescale
 */
record ReplicaEntry(int subtask, int parallelism, int epoch, long appliedRound, long feedbackOffset, long versionOffset,
                    ChunkedBytes model, byte[] sync) {
    private static final int MAGIC = 0x47505245, VERSION_1 = 1;

    /** An entry as state "gprec-replica" held it (one byte array of {@link Serializer}'s format), before chunks. */
    static ReplicaEntry decode(byte[] data) {
        try {
            return Serializer.INSTANCE.deserialize(new DataInputDeserializer(data));
        } catch (java.io.EOFException e) {
            throw new IllegalStateException("trainer state: truncated replica entry", e);
        } catch (IOException e) {
            throw new IllegalStateException("trainer state: " + e.getMessage(), e);
        }
    }

    /**
     * Writes an entry straight into the checkpoint stream (no intermediate array), and declares it
     * immutable so that Flink does not copy it for the asynchronous part of a snapshot.
     */
    static final class Serializer extends TypeSerializerSingleton<ReplicaEntry> {
        static final Serializer INSTANCE = new Serializer();
        private static final long serialVersionUID = 1L;

        @Override public boolean isImmutableType() { return true; }
        @Override public ReplicaEntry createInstance() { return null; }
        @Override public ReplicaEntry copy(ReplicaEntry from) { return from; }
        @Override public ReplicaEntry copy(ReplicaEntry from, ReplicaEntry reuse) { return from; }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(ReplicaEntry e, DataOutputView out) throws IOException {
            out.writeInt(MAGIC);
            out.writeInt(VERSION_1);
            out.writeInt(e.subtask);
            out.writeInt(e.parallelism);
            out.writeInt(e.epoch);
            out.writeLong(e.appliedRound);
            out.writeLong(e.feedbackOffset);
            out.writeLong(e.versionOffset);
            if (e.model.length() > Integer.MAX_VALUE) throw new IOException("replica larger than 2 GB: " + e.model.length() + " bytes");
            out.writeInt((int) e.model.length());
            e.model.writeTo(out);
            out.writeInt(e.sync == null ? -1 : e.sync.length);
            if (e.sync != null) out.write(e.sync);
        }

        @Override
        public ReplicaEntry deserialize(DataInputView in) throws IOException {
            if (in.readInt() != MAGIC) throw new IOException("not a replica entry (bad magic)");
            int version = in.readInt();
            if (version != VERSION_1) throw new IOException("unsupported replica entry version " + version);
            int subtask = in.readInt(), parallelism = in.readInt(), epoch = in.readInt();
            long round = in.readLong(), offset = in.readLong(), versionOffset = in.readLong();
            ChunkedBytes model = ChunkedBytes.read(in, in.readInt());
            int n = in.readInt();
            byte[] sync = null;
            if (n >= 0) {
                sync = new byte[n];
                in.readFully(sync);
            }
            return new ReplicaEntry(subtask, parallelism, epoch, round, offset, versionOffset, model, sync);
        }

        @Override
        public ReplicaEntry deserialize(ReplicaEntry reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<ReplicaEntry> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores the serializer from a checkpoint (public no-argument constructor, as Flink requires). */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReplicaEntry> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /**
     * The replica subtask {@code index} of {@code parallelism} resumes from. {@code shared} are the
     * entries every subtask is given (union state: subtask 0's replica, and every replica of a
     * checkpoint written before the split layout), {@code own} the ones Flink handed to this
     * subtask alone (split state: at the same parallelism, the replica it wrote itself).
     * Unrescaled, a subtask takes its own entry; after a rescale every subtask takes the same
     * one: the shared entry furthest ahead (latest epoch, then round; ties: the lowest old subtask).
     */
    static Optional<ReplicaEntry> choose(List<ReplicaEntry> shared, List<ReplicaEntry> own, int index, int parallelism) {
        if (!rescaled(shared, own, index, parallelism)) {
            return java.util.stream.Stream.concat(shared.stream(), own.stream()).filter(e -> e.subtask == index).findFirst();
        }
        return shared.stream().max(Comparator.comparingInt(ReplicaEntry::epoch).thenComparingLong(ReplicaEntry::appliedRound)
                .thenComparing(Comparator.comparingInt(ReplicaEntry::subtask).reversed()));
    }

    /** Whether there is state, but not this subtask's own at this parallelism: the job was rescaled. */
    static boolean rescaled(List<ReplicaEntry> shared, List<ReplicaEntry> own, int index, int parallelism) {
        if (shared.isEmpty() && own.isEmpty()) return false;
        boolean otherParallelism = java.util.stream.Stream.concat(shared.stream(), own.stream()).anyMatch(e -> e.parallelism != parallelism);
        boolean mine = java.util.stream.Stream.concat(shared.stream(), own.stream()).anyMatch(e -> e.subtask == index);
        return otherParallelism || !mine;
    }
}
