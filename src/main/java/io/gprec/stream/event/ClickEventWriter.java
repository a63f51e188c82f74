package io.gprec.stream.event;

import io.gprec.data.DatasetSchema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes click events in exactly the bytes {@link ClickEventCodec#encode} produces, for producers that send
 * millions of events (the replay): one pass over each value that escapes, UTF-8-encodes and validates it into a
 * reused buffer, with the field names pre-encoded, instead of building a {@link ClickEvent}, validating it, and
 * running a Jackson generator per event.
 *
 * <p>Escaping follows the codec's Jackson settings: {@code "} and {@code \} and the control characters below
 * U+0020 are escaped ({@code \b \t \n \f \r} by name, the others as backslash, 'u', two zeros and two upper-case
 * hex digits), everything else is raw UTF-8, a surrogate pair as one 4-byte sequence. {@code ClickEventWriterTest}
 * and {@code ReplayBytesTest} check the bytes
 * against the codec's over ML-100K and over awkward strings.
 *
 * <p>An event the fast path cannot write as is (an empty, too long or unpaired-surrogate value, a time out of
 * range, a record too large, misaligned values) goes through {@link ClickEventCodec#encode}, so the exception and
 * its message are the codec's. Not thread-safe: one writer per sending thread.
 */
public final class ClickEventWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII char: 0 = as is, 'u' = backslash-u escape, else the letter after the backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private static final byte[] OPEN_EVENT_ID = ascii("{\"" + ClickEventCodec.EVENT_ID + "\":\"");
    private static final byte[] USER_ID = ascii("\",\"" + ClickEventCodec.USER_ID + "\":\"");
    private static final byte[] ITEM_ID = ascii("\",\"" + ClickEventCodec.ITEM_ID + "\":\"");
    private static final byte[] LABEL = ascii("\",\"" + ClickEventCodec.LABEL + "\":");
    private static final byte[] EVENT_TIME = ascii(",\"" + ClickEventCodec.EVENT_TIME + "\":");
    private static final byte[] FEATURES = ascii(",\"" + ClickEventCodec.FEATURES + "\":{");

    private final ClickEventCodec codec;
    private final int fields;
    private final int userIndex;
    private final int itemIndex;
    private final int maxValueChars;
    private final int maxRecordBytes;
    /** Schema indices of the feature fields, in schema order (as the codec writes them). */
    private final int[] featureIndices;
    /** Per feature: its name as written before the value, {@code "name":"}, with a leading comma after the first. */
    private final byte[][] featureNames;
    private byte[] buf = new byte[256];
    private int pos;

    public ClickEventWriter(ClickEventCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        DatasetSchema schema = codec.schema();
        this.fields = schema.size();
        this.userIndex = schema.indexOf(codec.userIdField());
        this.itemIndex = schema.indexOf(codec.itemIdField());
        this.maxValueChars = codec.limits().maxValueChars();
        this.maxRecordBytes = codec.limits().maxRecordBytes();
        this.featureIndices = new int[fields - 2];
        this.featureNames = new byte[fields - 2][];
        int next = 0;
        for (int i = 0; i < fields; i++) {
            if (i == userIndex || i == itemIndex) {
                continue;
            }
            pos = 0;
            if (next > 0) {
                put((byte) ',');
            }
            put((byte) '"');
            // Field names are not values: no length limit, and the codec's constructor accepted them.
            String name = schema.fields().get(i).name();
            if (!writeChars(name, Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("field name '" + name + "' has no UTF-8 form (unpaired surrogate)");
            }
            put((byte) '"');
            put((byte) ':');
            put((byte) '"');
            featureIndices[next] = i;
            featureNames[next++] = Arrays.copyOf(buf, pos);
        }
        pos = 0;
    }

    /** The Kafka key, as {@link ClickEventCodec#key}: the user id ({@code values[user id field]}) in UTF-8. */
    public byte[] key(String[] values) {
        return values[userIndex].getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Kafka value of the event {@code new ClickEvent(eventId, values[user], values[item], label, eventTimeMillis,
     * values)}: the same bytes as {@link ClickEventCodec#encode} of it.
     *
     * @throws IllegalArgumentException as {@link ClickEventCodec#encode} (and the ClickEvent constructor) would
     * @throws NullPointerException     for a null id or value, as the ClickEvent constructor would
     */
    public byte[] encode(String eventId, String[] values, int label, long eventTimeMillis) {
        if (values.length != fields || (label != 0 && label != 1)
                || eventTimeMillis < 0 || eventTimeMillis > ClickEventCodec.MAX_EVENT_TIME_MILLIS) {
            return slowPath(eventId, values, label, eventTimeMillis);
        }
        boolean ok;
        try {
            ok = write(eventId, values, label, eventTimeMillis);
        } catch (NullPointerException e) {
            ok = false; // the slow path throws the ClickEvent constructor's message
        }
        if (!ok || pos > maxRecordBytes) {
            return slowPath(eventId, values, label, eventTimeMillis);
        }
        return Arrays.copyOf(buf, pos);
    }

    private boolean write(String eventId, String[] values, int label, long eventTimeMillis) {
        pos = 0;
        put(OPEN_EVENT_ID);
        boolean ok = writeValue(eventId);
        put(USER_ID);
        ok &= writeValue(values[userIndex]);
        put(ITEM_ID);
        ok &= writeValue(values[itemIndex]);
        put(LABEL);
        put((byte) ('0' + label));
        put(EVENT_TIME);
        writeLong(eventTimeMillis);
        put(FEATURES);
        for (int k = 0; k < featureIndices.length; k++) {
            put(featureNames[k]);
            ok &= writeValue(values[featureIndices[k]]);
            put((byte) '"');
        }
        put((byte) '}');
        put((byte) '}');
        return ok;
    }

    /** The codec's own path: throws its exception for an event it rejects (and would write the same bytes otherwise). */
    private byte[] slowPath(String eventId, String[] values, int label, long eventTimeMillis) {
        String user = values.length == fields ? values[userIndex] : "";
        String item = values.length == fields ? values[itemIndex] : "";
        return codec.encode(new ClickEvent(eventId, user, item, label, eventTimeMillis, values));
    }

    /** Writes one string value's content; false if the codec rejects it (empty, too long, unpaired surrogate). */
    private boolean writeValue(String s) {
        int n = s.length();
        // Each char is at least one byte: longer than the record limit is oversized (or too long) either way.
        return n > 0 && n <= maxRecordBytes && writeChars(s, maxValueChars);
    }

    private boolean writeChars(String s, int maxChars) {
        int n = s.length();
        if (n > maxChars) {
            return false;
        }
        // At most 6 bytes per char (backslash-u escapes); 3 for the rest of the BMP, 4 per surrogate pair.
        ensure(6L * n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte esc = ESCAPES[c];
                if (esc == 0) {
                    b[p++] = (byte) c;
                } else {
                    b[p++] = '\\';
                    b[p++] = esc;
                    if (esc == 'u') {
                        b[p++] = '0';
                        b[p++] = '0';
                        b[p++] = HEX[c >> 4];
                        b[p++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                pos = p;
                return false;
            }
        }
        pos = p;
        return true;
    }

    /** A non-negative long in decimal, as Jackson writes it. */
    private void writeLong(long v) {
        ensure(20);
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        pos = end;
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(long more) {
        long need = pos + more;
        if (need > buf.length) {
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("click event does not fit in a byte array");
            }
            buf = Arrays.copyOf(buf, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 8L, 2L * buf.length)));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
