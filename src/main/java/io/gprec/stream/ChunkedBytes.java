package io.gprec.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable bytes held as chunks of at most {@link #CHUNK} bytes. A replica of the shared model
 * is hundreds of MB at TenRec's population: written into one array it needs a growing buffer, a
 * final copy and Flink's copy of the state value (each of them a humongous object for the
 * collector), and a 2.66 GB heap ran out of room for a 311 MB replica (docs/BENCHMARKS.md). In
 * chunks it is written once and never copied.
 */
final class ChunkedBytes {
    static final int CHUNK = 1 << 20;
    private final List<byte[]> chunks;
    private final long length;

    private ChunkedBytes(List<byte[]> chunks, long length) {
        this.chunks = Collections.unmodifiableList(chunks);
        this.length = length;
    }

    static ChunkedBytes of(byte[] bytes) {
        Writer w = new Writer();
        w.write(bytes, 0, bytes.length);
        return w.toBytes();
    }

    /** Reads exactly {@code length} bytes. */
    static ChunkedBytes read(java.io.DataInput in, long length) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        for (long left = length; left > 0; ) {
            byte[] c = new byte[(int) Math.min(CHUNK, left)];
            in.readFully(c);
            chunks.add(c);
            left -= c.length;
        }
        return new ChunkedBytes(chunks, length);
    }

    long length() { return length; }

    void writeTo(java.io.DataOutput out) throws IOException {
        for (byte[] c : chunks) out.write(c);
    }

    void writeTo(OutputStream out) throws IOException {
        for (byte[] c : chunks) out.write(c);
    }

    InputStream open() {
        return new InputStream() {
            private int chunk, pos;

            @Override
            public int read() {
                if (!advance()) return -1;
                return chunks.get(chunk)[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) return 0;
                if (!advance()) return -1;
                byte[] c = chunks.get(chunk);
                int n = Math.min(len, c.length - pos);
                System.arraycopy(c, pos, b, off, n);
                pos += n;
                return n;
            }

            private boolean advance() {
                while (chunk < chunks.size() && pos == chunks.get(chunk).length) {
                    chunk++;
                    pos = 0;
                }
                return chunk < chunks.size();
            }
        };
    }

    /** Collects what is written into chunks; {@link #toBytes()} ends it. */
    static final class Writer extends OutputStream {
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current = new byte[CHUNK];
        private int pos;
        private long length;

        @Override
        public void write(int b) {
            if (pos == current.length) next();
            current[pos++] = (byte) b;
            length++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (pos == current.length) next();
                int n = Math.min(len, current.length - pos);
                System.arraycopy(b, off, current, pos, n);
                pos += n;
                off += n;
                len -= n;
                length += n;
            }
        }

        private void next() {
            chunks.add(current);
            current = new byte[CHUNK];
            pos = 0;
        }

        ChunkedBytes toBytes() {
            if (pos > 0) chunks.add(java.util.Arrays.copyOf(current, pos));
            current = null;
            return new ChunkedBytes(chunks, length);
        }
    }
}
