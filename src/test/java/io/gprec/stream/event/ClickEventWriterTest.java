package io.gprec.stream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written writer against the codec's Jackson output: byte for byte, for every ASCII char, multi-byte
 * UTF-8, surrogate pairs, awkward field names and random strings, and the same exceptions for what the codec refuses.
 */
class ClickEventWriterTest {

    /** Feature names that need escaping too, and the ids in the middle of the schema. */
    private static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("a \"quoted\" name", FieldRole.USER),
            new Field("uid", FieldRole.PERSONAL),
            new Field("back\\slash\ttab", FieldRole.USER),
            new Field("iid", FieldRole.ITEM),
            new Field("ünïcödé 名前 \uD83D\uDE00", FieldRole.ITEM),
            new Field("ctl\u0001\u001f\u007f", FieldRole.ITEM)));

    private static final ClickEventCodec CODEC = new ClickEventCodec(SCHEMA, "uid", "iid", ClickCodecLimits.defaults());

    private static byte[] expected(ClickEventCodec codec, String id, String[] values, int label, long time) {
        int u = codec.schema().indexOf(codec.userIdField());
        int i = codec.schema().indexOf(codec.itemIdField());
        boolean aligned = values.length == codec.schema().size();
        return codec.encode(new ClickEvent(id, aligned ? values[u] : "", aligned ? values[i] : "", label, time, values));
    }

    private static void assertSameBytes(ClickEventWriter w, String id, String[] values, int label, long time) {
        byte[] want = expected(CODEC, id, values, label, time);
        byte[] got = w.encode(id, values, label, time);
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(new String(want, StandardCharsets.UTF_8));
        assertThat(got).isEqualTo(want);
        assertThat(w.key(values)).isEqualTo(CODEC.key(CODEC.decode(got).event()));
    }

    private static String[] row(String v) {
        return new String[] {v, "u-" + v, v, "i-" + v, v, v};
    }

    @Test
    void everyAsciiCharIsWrittenAsJacksonWritesIt() {
        ClickEventWriter w = new ClickEventWriter(CODEC);
        for (char c = 0; c < 0x80; c++) {
            String v = "x" + c + "y";
            assertSameBytes(w, "e" + c, row(v), c % 2, c * 1000L);
            assertSameBytes(w, "e", row(String.valueOf(c)), 1, 0);
        }
    }

    @Test
    void multiByteUtf8AndSurrogatePairsAreRawUtf8() {
        ClickEventWriter w = new ClickEventWriter(CODEC);
        String[] samples = {"é", "ß", "\u07FF", "\u0800", "名前", "\uFFFF", "\uFFFD", "\u2028\u2029", "\uD83D\uDE00",
            "\uDBFF\uDFFF", "\uD800\uDC00", "a\"b\\c\u0000d\u00A0e\uD83C\uDDE9\uD83C\uDDEA"};
        for (String s : samples) {
            assertSameBytes(w, "id-" + s, row(s), 1, ClickEventCodec.MAX_EVENT_TIME_MILLIS);
        }
    }

    @Test
    void randomAwkwardStringsMatchTheCodecByteForByte() {
        ClickEventWriter w = new ClickEventWriter(CODEC);
        SplittableRandom rng = new SplittableRandom(7);
        for (int n = 0; n < 20_000; n++) {
            String[] values = new String[SCHEMA.size()];
            for (int f = 0; f < values.length; f++) {
                values[f] = randomValue(rng, 1 + rng.nextInt(40));
            }
            assertSameBytes(w, randomValue(rng, 1 + rng.nextInt(20)), values, rng.nextInt(2),
                    rng.nextLong(ClickEventCodec.MAX_EVENT_TIME_MILLIS + 1));
        }
    }

    /** Valid Unicode (no lone surrogates) from all the classes the escaper treats differently. */
    private static String randomValue(SplittableRandom rng, int chars) {
        StringBuilder b = new StringBuilder();
        while (b.length() < chars) {
            switch (rng.nextInt(7)) {
                case 0 -> b.append((char) rng.nextInt(0x20));                      // control
                case 1 -> b.append("\"\\/'".charAt(rng.nextInt(4)));               // quote, backslash, ...
                case 2 -> b.append((char) (0x20 + rng.nextInt(0x60)));             // printable ASCII and DEL
                case 3 -> b.append((char) (0x80 + rng.nextInt(0x780)));            // 2-byte UTF-8
                case 4 -> {                                                         // 3-byte, no surrogates
                    char c = (char) (0x800 + rng.nextInt(0x10000 - 0x800));
                    b.append(Character.isSurrogate(c) ? '\u20AC' : c);
                }
                case 5 -> b.appendCodePoint(0x10000 + rng.nextInt(0x100000));     // 4-byte, a surrogate pair
                default -> b.append("abc123".charAt(rng.nextInt(6)));
            }
        }
        return b.toString();
    }

    @Test
    void aWriterIsReusableAcrossShortAndLongEvents() {
        ClickEventWriter w = new ClickEventWriter(CODEC);
        String longValue = "\u0001".repeat(250); // 6 bytes each once escaped: grows the buffer
        assertSameBytes(w, "e1", row("a"), 0, 1);
        assertSameBytes(w, "e2", row(longValue), 1, 2);
        assertSameBytes(w, "e3", row("b"), 0, 3);
    }

    @Test
    void aSchemaWithoutFeaturesWritesAnEmptyObject() {
        ClickEventCodec bare = ClickEventCodec.movieLens(new DatasetSchema(List.of(
                new Field("user_id", FieldRole.PERSONAL), new Field("movie_id", FieldRole.ITEM))));
        byte[] got = new ClickEventWriter(bare).encode("e", new String[] {"1", "2"}, 1, 5);
        assertThat(new String(got, StandardCharsets.UTF_8))
                .isEqualTo("{\"event_id\":\"e\",\"user_id\":\"1\",\"item_id\":\"2\",\"label\":1,\"event_time\":5,\"features\":{}}");
        assertThat(got).isEqualTo(expected(bare, "e", new String[] {"1", "2"}, 1, 5));
    }

    @Test
    void whatTheCodecRefusesFailsWithTheCodecsMessage() {
        ClickEventWriter w = new ClickEventWriter(CODEC);
        String tooLong = "x".repeat(257);
        Object[][] bad = {
            {"e", row(""), 1, 0L},                                   // empty value
            {"", row("a"), 1, 0L},                                   // empty event id
            {"e", row(tooLong), 1, 0L},                              // too long value
            {tooLong, row("a"), 1, 0L},                              // too long event id
            {"e", row("a\uD800b"), 1, 0L},                           // unpaired high surrogate
            {"e", row("\uDC00"), 1, 0L},                             // lone low surrogate
            {"e", row("a"), 1, -1L},                                 // time before 1970
            {"e", row("a"), 1, ClickEventCodec.MAX_EVENT_TIME_MILLIS + 1},
            {"e", row("a"), 2, 0L},                                  // label
            {"e", new String[] {"a", "b"}, 1, 0L},                   // misaligned
        };
        for (Object[] c : bad) {
            String id = (String) c[0];
            String[] values = (String[]) c[1];
            int label = (int) c[2];
            long time = (long) c[3];
            Throwable want = catchAny(() -> expected(CODEC, id, values, label, time));
            assertThat(want).as("the codec refuses %s", (Object) values).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.encode(id, values, label, time))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(want.getMessage());
        }
        // Nulls fail as the ClickEvent constructor fails.
        String[] withNull = row("a");
        withNull[5] = null;
        Throwable want = catchAny(() -> expected(CODEC, "e", withNull, 1, 0));
        assertThatThrownBy(() -> w.encode("e", withNull, 1, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage(want.getMessage());
        // And the writer still works after a refusal.
        assertSameBytes(w, "e", row("ok"), 1, 0);
    }

    @Test
    void aRecordOverTheSizeLimitIsOversizedAsInTheCodec() {
        ClickEventCodec small = new ClickEventCodec(SCHEMA, "uid", "iid", new ClickCodecLimits(200, 256, true));
        ClickEventWriter w = new ClickEventWriter(small);
        String[] values = row("v".repeat(30));
        Throwable want = catchAny(() -> expected(small, "e", values, 1, 0));
        assertThat(want).hasMessageStartingWith(Rejection.OVERSIZED);
        assertThatThrownBy(() -> w.encode("e", values, 1, 0)).hasMessage(want.getMessage());
        String[] fits = row("v");
        assertThat(w.encode("e", fits, 1, 0)).isEqualTo(expected(small, "e", fits, 1, 0));
    }

    private static Throwable catchAny(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }
}
