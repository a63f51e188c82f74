package io.gprec.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model file format: everything needed to resume training exactly (parameters, optimiser
 * moments, step, generator state, embedding tables with their ids) plus the config and
 * provenance. Versioned; loading rebuilds the model from its config and checks every stored
 * shape against it ("expected [..], found [..]").
 *
 * <pre>
 * "GPRECSNP" int version
 * provenance: int n, n × (utf key, utf value)
 * config:     int n, n × (utf key, utf value)
 * layout:     3 × (int n, n × int)
 * long step, long rngState
 * long clock                                                     (version 2 on)
 * dense:      int slots, slots × (utf name, int rows, int cols); long P, P × double values; long 2P, 2P × double Adam state
 * tables:     int fields, fields × (int dim, int rows, rows × long key,
 *                                   rows × long lastSeen         (version 2 on),
 *                                   3 × rows·dim × double (values, m, v))
 * </pre>
 *
 * <p>Version 1 has no clock and no last-seen times: its rows load {@link EmbeddingTable#UNSTAMPED}
 * (the first expiry sweep starts their period) and its clock is unset.
 */
public final class ModelSnapshot {
    private static final byte[] MAGIC = "GPRECSNP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    public static final int VERSION_1 = 1;
    /** Adds the model clock and each embedding row's last-seen time (expiry). */
    public static final int VERSION_2 = 2;
    public static final int CURRENT_VERSION = VERSION_2;

    /** A model read back with its provenance. */
    public record Loaded(GprecModel model, Provenance provenance) {}

    private ModelSnapshot() {}

    /** Writes atomically: to a temporary file in the same directory, then renamed. */
    public static void write(GprecModel model, Provenance provenance, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(model, provenance, out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Loaded read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("model snapshot not found: " + file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static void write(GprecModel model, Provenance provenance, OutputStream stream) throws IOException {
        write(model, provenance, stream, CURRENT_VERSION);
    }

    /** Writes in an older format too (tests prove this build still reads it). */
    static void write(GprecModel model, Provenance provenance, OutputStream stream, int version) throws IOException {
        if (version != VERSION_1 && version != VERSION_2) throw new IllegalArgumentException("cannot write snapshot version " + version);
        boolean v2 = version >= VERSION_2;
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.write(MAGIC);
        out.writeInt(version);
        writeMap(out, provenance.entries());
        writeMap(out, model.config().toMap());
        FieldLayout layout = model.layout();
        writeInts(out, layout.personal());
        writeInts(out, layout.user());
        writeInts(out, layout.item());
        out.writeLong(model.step());
        out.writeLong(model.rng().state());
        if (v2) out.writeLong(model.clock());
        List<Params.Slot> slots = model.params().slots();
        out.writeInt(slots.size());
        for (Params.Slot s : slots) {
            out.writeUTF(s.name());
            out.writeInt(s.rows());
            out.writeInt(s.cols());
        }
        writeArray(out, model.params().values());
        writeArray(out, model.optimizer().state());
        EmbeddingTable[] tables = model.embeddings().tables;
        out.writeInt(tables.length);
        for (EmbeddingTable t : tables) {
            int dim = t.dim();
            int[] live = java.util.stream.IntStream.range(1, t.rows()).filter(t::isLive).toArray();
            out.writeInt(dim);
            out.writeInt(live.length);
            for (int r : live) out.writeLong(t.keyOfRow(r));
            if (v2) for (int r : live) out.writeLong(t.lastSeenTimes()[r]);
            for (double[] a : new double[][]{t.values(), t.firstMoments(), t.secondMoments()}) {
                for (int r : live) for (int k = 0; k < dim; k++) out.writeDouble(a[r * dim + k]);
            }
        }
        out.flush();
    }

    public static Loaded read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IOException("not a GPRec model snapshot (bad magic)");
        int version = in.readInt();
        switch (version) {
            case VERSION_1:
                return read(in, false);
            case VERSION_2:
                return read(in, true);
            default:
                throw new IOException("unsupported snapshot version " + version + "; this build reads up to " + CURRENT_VERSION);
        }
    }

    private static Loaded read(DataInputStream in, boolean v2) throws IOException {
        Provenance provenance = new Provenance(readMap(in));
        GprecConfig config;
        FieldLayout layout;
        try {
            config = GprecConfig.fromMap(readMap(in));
            layout = new FieldLayout(readInts(in), readInts(in), readInts(in));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid snapshot: " + e.getMessage(), e);
        }
        GprecModel model = new GprecModel(config, layout);
        model.setStep(in.readLong());
        model.rng().setState(in.readLong());
        if (v2) model.restoreClock(in.readLong());
        List<Params.Slot> slots = model.params().slots();
        int stored = in.readInt();
        if (stored != slots.size()) {
            throw new IOException("snapshot has " + stored + " parameter matrices, the model expects " + slots.size());
        }
        for (Params.Slot s : slots) {
            String name = in.readUTF();
            int rows = in.readInt(), cols = in.readInt();
            if (!name.equals(s.name()) || rows != s.rows() || cols != s.cols()) {
                throw new IOException("snapshot parameter mismatch: expected " + s.name() + " [" + s.rows() + "x" + s.cols()
                        + "], found " + name + " [" + rows + "x" + cols + "]");
            }
        }
        readArray(in, model.params().values(), "parameters");
        readArray(in, model.optimizer().state(), "optimiser state");
        EmbeddingTable[] tables = model.embeddings().tables;
        int fields = in.readInt();
        if (fields != tables.length) throw new IOException("snapshot has " + fields + " embedding tables, expected " + tables.length);
        for (int f = 0; f < fields; f++) {
            int dim = in.readInt(), rows = in.readInt();
            if (dim != tables[f].dim()) {
                throw new IOException("embedding table " + f + ": expected dim " + tables[f].dim() + ", found " + dim);
            }
            long[] keys = new long[rows];
            for (int r = 0; r < rows; r++) keys[r] = in.readLong();
            long[] seen = v2 ? new long[rows] : null;
            if (v2) for (int r = 0; r < rows; r++) seen[r] = in.readLong();
            double[][] arrays = new double[3][rows * dim];
            for (double[] a : arrays) for (int i = 0; i < a.length; i++) a[i] = in.readDouble();
            tables[f].restore(keys, arrays[0], arrays[1], arrays[2], seen);
        }
        return new Loaded(model, provenance);
    }

    private static void writeArray(DataOutputStream out, INDArray a) throws IOException {
        long n = a.length();
        out.writeLong(n);
        double[] values = a.data().asDouble();
        for (long i = 0; i < n; i++) out.writeDouble(values[(int) i]);
    }

    private static void readArray(DataInputStream in, INDArray target, String what) throws IOException {
        long n = in.readLong();
        if (n != target.length()) throw new IOException(what + ": expected " + target.length() + " values, found " + n);
        double[] values = new double[(int) n];
        for (int i = 0; i < n; i++) values[i] = in.readDouble();
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }

    private static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) m.put(in.readUTF(), in.readUTF());
        return m;
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) out.writeInt(v);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) throw new IOException("invalid snapshot: field list of length " + n);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = in.readInt();
        return a;
    }
}
