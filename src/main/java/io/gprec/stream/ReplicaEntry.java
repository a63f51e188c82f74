package io.gprec.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One trainer subtask's replica of the shared model in the operator's union state: the model
 * snapshot, the sync tracker's state (null at parallelism 1) and the feedback topic offset, with
 * the subtask, parallelism, epoch and last applied round it was written at.
 *
 * @param sync        {@code io.gprec.model.ReplicaSync#encodeState()}, or null
 * @param feedbackOffset next feedback record to read; -1 = none read yet
 * @param versionOffset  model version minus the model's step count (0 until the job ran at P &gt; 1), so versions
 *                       continue across a rescale
 */
record ReplicaEntry(int subtask, int parallelism, int epoch, long appliedRound, long feedbackOffset, long versionOffset, byte[] model,
                    byte[] sync) {
    private static final int MAGIC = 0x47505245, VERSION_1 = 1;

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.length + (sync == null ? 0 : sync.length) + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION_1);
            out.writeInt(subtask);
            out.writeInt(parallelism);
            out.writeInt(epoch);
            out.writeLong(appliedRound);
            out.writeLong(feedbackOffset);
            out.writeLong(versionOffset);
            out.writeInt(model.length);
            out.write(model);
            out.writeInt(sync == null ? -1 : sync.length);
            if (sync != null) out.write(sync);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ReplicaEntry decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) throw new IllegalStateException("trainer state: not a replica entry (bad magic)");
            int version = in.readInt();
            switch (version) {
                case VERSION_1: break;
                default: throw new IllegalStateException("trainer state: unsupported replica entry version " + version);
            }
            int subtask = in.readInt(), parallelism = in.readInt(), epoch = in.readInt();
            long round = in.readLong(), offset = in.readLong(), versionOffset = in.readLong();
            byte[] model = new byte[in.readInt()];
            in.readFully(model);
            int n = in.readInt();
            byte[] sync = null;
            if (n >= 0) {
                sync = new byte[n];
                in.readFully(sync);
            }
            return new ReplicaEntry(subtask, parallelism, epoch, round, offset, versionOffset, model, sync);
        } catch (IOException e) {
            throw new IllegalStateException("trainer state: truncated replica entry", e);
        }
    }

    /**
     * The replica subtask {@code index} of {@code parallelism} resumes from: its own at the same
     * parallelism; after a rescale, the one furthest ahead (latest epoch, then round; ties: the
     * lowest old subtask), so every new subtask starts from the same replica.
     */
    static Optional<ReplicaEntry> choose(List<ReplicaEntry> entries, int index, int parallelism) {
        for (ReplicaEntry e : entries) {
            if (e.parallelism == parallelism && e.subtask == index && entries.size() == parallelism) return Optional.of(e);
        }
        return entries.stream().max(Comparator.comparingInt(ReplicaEntry::epoch).thenComparingLong(ReplicaEntry::appliedRound)
                .thenComparing(Comparator.comparingInt(ReplicaEntry::subtask).reversed()));
    }

    /** Whether {@code chosen} is not this subtask's own entry, i.e. the job was rescaled. */
    static boolean rescaled(List<ReplicaEntry> entries, int parallelism) {
        return !entries.isEmpty() && (entries.size() != parallelism || entries.get(0).parallelism != parallelism);
    }
}
