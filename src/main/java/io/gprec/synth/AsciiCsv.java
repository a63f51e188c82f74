package io.gprec.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CSV writer for ASCII values with its own byte buffer: numbers are written digit by digit with no
 * String or char[] per value, because at 100M rows the formatting, not the disk, is what bounds the rate.
 * Values are written as given (the synthetic values never contain the delimiter, quotes or newlines).
 */
final class AsciiCsv implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int pos;
    private boolean lineStart = true;
    private long bytes;

    AsciiCsv(Path file) throws IOException {
        this.out = Files.newOutputStream(file);
    }

    AsciiCsv header(String... columns) throws IOException {
        for (String c : columns) text(c);
        return end();
    }

    AsciiCsv number(long v) throws IOException {
        separate();
        if (v < 0) {
            put((byte) '-');
            v = -v; // the values written here are never Long.MIN_VALUE
        }
        int n = 0;
        do {
            digits[n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        ensure(n);
        while (n > 0) buf[pos++] = digits[--n];
        return this;
    }

    /** A letter prefix and a number, e.g. "c" 3 → c3, with no String built. */
    AsciiCsv prefixed(char prefix, long v) throws IOException {
        separate();
        put((byte) prefix);
        lineStart = true; // no separator between the prefix and the digits
        return number(v);
    }

    AsciiCsv text(String s) throws IOException {
        separate();
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[pos++] = (byte) s.charAt(i);
        return this;
    }

    AsciiCsv end() throws IOException {
        put((byte) '\n');
        lineStart = true;
        return this;
    }

    /** Bytes written so far (flushed or buffered). */
    long bytes() {
        return bytes + pos;
    }

    private void separate() throws IOException {
        if (!lineStart) put((byte) ',');
        lineStart = false;
    }

    private void put(byte b) throws IOException {
        ensure(1);
        buf[pos++] = b;
    }

    private void ensure(int n) throws IOException {
        if (pos + n > buf.length) flush();
    }

    private void flush() throws IOException {
        out.write(buf, 0, pos);
        bytes += pos;
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
