package io.gprec.stream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests the click event wire format: round trips, one test per rejection code, and garbage input. */
class ClickEventCodecTest {

    /** user_id PERSONAL, gender USER, age USER, movie_id ITEM, year ITEM: features are gender, age, year. */
    private static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("user_id", FieldRole.PERSONAL),
            new Field("gender", FieldRole.USER),
            new Field("age", FieldRole.USER),
            new Field("movie_id", FieldRole.ITEM),
            new Field("year", FieldRole.ITEM)));

    private static final ClickEventCodec CODEC = ClickEventCodec.movieLens(SCHEMA);

    private static final String VALID = "{\"event_id\":\"e1\",\"user_id\":\"196\",\"item_id\":\"242\",\"label\":1,"
            + "\"event_time\":881250949000,\"features\":{\"gender\":\"M\",\"age\":\"45\",\"year\":\"1997\"}}";

    private static ClickEvent event(String eventId, String user, String gender, String age, String item, String year,
                                    int label, long time) {
        return new ClickEvent(eventId, user, item, label, time, new String[] {user, gender, age, item, year});
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Decoded decode(String json) {
        return CODEC.decode(utf8(json));
    }

    private static Rejection rejection(String json) {
        return rejection(CODEC.decode(utf8(json)));
    }

    private static Rejection rejection(Decoded d) {
        assertThat(d.ok()).as("expected a rejection, got %s", d.event()).isFalse();
        assertThat(d.event()).isNull();
        return d.rejection();
    }

    // ------------------------------------------------------------------------------------------------
    // Happy path
    // ------------------------------------------------------------------------------------------------

    @Test
    void decodesTheDocumentedFormat() {
        Decoded d = decode(VALID);
        assertThat(d.ok()).isTrue();
        assertThat(d.rejection()).isNull();
        assertThat(d.event()).isEqualTo(event("e1", "196", "M", "45", "242", "1997", 1, 881250949000L));
        assertThat(d.event().values()).containsExactly("196", "M", "45", "242", "1997");
    }

    @Test
    void encodesTheDocumentedFormatWithFeaturesInSchemaOrder() {
        byte[] bytes = CODEC.encode(event("e1", "196", "M", "45", "242", "1997", 1, 881250949000L));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(VALID);
    }

    @Test
    void roundTripsEvents() {
        List<ClickEvent> events = List.of(
                event("e1", "196", "M", "45", "242", "1997", 1, 881250949000L),
                event("e2", "1", "F", "18", "1", "1995", 0, 0L),
                event("e3", "943", "F", "56", "1682", "unknown", 1, ClickEventCodec.MAX_EVENT_TIME_MILLIS),
                event("with \"quotes\", \\ and /", "u\n\t\u0000x", "g{}", "[a]", "i:1", "y,2", 0, 1L));
        for (ClickEvent e : events) {
            Decoded d = CODEC.decode(CODEC.encode(e));
            assertThat(d.rejection()).as("rejection of %s", e).isNull();
            assertThat(d.event()).isEqualTo(e).hasSameHashCodeAs(e);
        }
    }

    @Test
    void roundTripsUnicodeValues() {
        ClickEvent e = event("ünïcödé-1", "Zürich", "♀", "\uD83D\uDE00", "电影 🎬", "١٩٩٧", 1, 5L);
        byte[] bytes = CODEC.encode(e);
        // Written as raw UTF-8, not \\u escapes.
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"Zürich\"", "\"\uD83D\uDE00\"", "电影 🎬");
        assertThat(CODEC.decode(bytes).event()).isEqualTo(e);
        assertThat(CODEC.key(e)).isEqualTo("Zürich".getBytes(StandardCharsets.UTF_8));
        // Escaped input decodes to the same values.
        Decoded escaped = decode(VALID.replace("\"196\"", "\"Z\\u00fcrich\"").replace("\"M\"", "\"\\ud83d\\ude00\""));
        assertThat(escaped.event().userId()).isEqualTo("Zürich");
        assertThat(escaped.event().values()[1]).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void keyIsTheUtf8UserId() {
        assertThat(CODEC.key(event("e1", "196", "M", "45", "242", "1997", 1, 1L)))
                .isEqualTo(new byte[] {'1', '9', '6'});
    }

    @Test
    void fromInteractionTakesIdsFromSchemaFieldsAndConvertsSecondsToMillis() {
        Interaction x = new Interaction(new String[] {"196", "M", "45", "242", "1997"}, 1, 881250949L);
        ClickEvent e = CODEC.fromInteraction("ml-100k-000042", x);
        assertThat(e).isEqualTo(new ClickEvent("ml-100k-000042", "196", "242", 1, 881250949000L,
                new String[] {"196", "M", "45", "242", "1997"}));
        assertThat(CODEC.decode(CODEC.encode(e)).event()).isEqualTo(e);

        assertThatThrownBy(() -> CODEC.fromInteraction("e", new Interaction(new String[] {"1", "2"}, 0, 0L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values but the schema has 5 fields");
        assertThatThrownBy(() -> CODEC.fromInteraction("e", new Interaction(x.values(), 0, Long.MAX_VALUE / 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit in epoch milliseconds");
    }

    @Test
    void movieLensCodecMatchesTheDocumentedExample() {
        DatasetSchema movieLens = io.gprec.data.DatasetReaders.movieLensSchema();
        String json = "{\"event_id\":\"ml-100k-000042\",\"user_id\":\"196\",\"item_id\":\"242\",\"label\":1,"
                + "\"event_time\":881250949000,\"features\":{\"gender\":\"M\",\"age\":\"45\",\"occupation\":\"writer\","
                + "\"zip\":\"554\",\"genres\":\"Comedy\",\"year\":\"1997\"}}";
        ClickEventCodec codec = ClickEventCodec.movieLens(movieLens);
        Decoded d = codec.decode(utf8(json));
        assertThat(d.event().values()).containsExactly("196", "M", "45", "writer", "554", "242", "Comedy", "1997");
        assertThat(new String(codec.encode(d.event()), StandardCharsets.UTF_8)).isEqualTo(json);
        assertThat(codec.limits()).isEqualTo(new ClickCodecLimits(65536, 256, true));
    }

    @Test
    void fieldOrderAndWhitespaceDoNotMatter() {
        String json = " {\n \"features\" : { \"year\":\"1997\", \"gender\":\"M\", \"age\":\"45\" },\n"
                + " \"event_time\": 881250949000, \"label\": 1, \"item_id\":\"242\", \"user_id\":\"196\","
                + " \"event_id\":\"e1\" }\n";
        assertThat(decode(json).event()).isEqualTo(decode(VALID).event());
    }

    // ------------------------------------------------------------------------------------------------
    // One test per rejection code
    // ------------------------------------------------------------------------------------------------

    @Test
    void notJson() {
        Rejection truncated = rejection(VALID.substring(0, 40));
        assertThat(truncated.code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(truncated.message()).startsWith("record is not valid JSON").contains("end-of-input");

        Rejection garbage = rejection("{event_id: 1}");
        assertThat(garbage.code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(garbage.message()).contains("at char 1");

        assertThat(rejection("").code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(rejection("  \n").message()).contains("only whitespace");
        assertThat(rejection(CODEC.decode(null))).extracting(Rejection::code, Rejection::message)
                .containsExactly(Rejection.NOT_JSON, "record value is null (a tombstone?), expected a JSON object");

        Rejection trailing = rejection(VALID + " {}");
        assertThat(trailing.code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(trailing.message()).contains("content after the JSON object");
        assertThat(rejection(VALID + "x").code()).isEqualTo(Rejection.NOT_JSON);
    }

    @Test
    void syntaxErrorsWinOverEarlierContentProblems() {
        // label is wrong, but the record is also truncated: the syntax problem is the one reported.
        Rejection r = rejection("{\"label\":2,\"event_id\":\"e1\"");
        assertThat(r.code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(rejection("{\"label\":2} []").code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(rejection("{\"label\":2,\"x\":1,\"x\":2}").code()).isEqualTo(Rejection.DUPLICATE_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "true", "[{\"event_id\":\"e1\"}]"})
    void notObject(String json) {
        Rejection r = rejection(json);
        assertThat(r.code()).isEqualTo(Rejection.NOT_OBJECT);
        assertThat(r.message()).startsWith("record must be a JSON object, got");
    }

    @Test
    void notObjectStillChecksTheSyntax() {
        assertThat(rejection("[1,2").code()).isEqualTo(Rejection.NOT_JSON);
        assertThat(rejection("[1] 2").code()).isEqualTo(Rejection.NOT_JSON);
    }

    @Test
    void missingField() {
        for (String field : List.of("event_id", "user_id", "item_id")) {
            Rejection r = rejection(VALID.replaceFirst("\"" + field + "\":\"[^\"]*\",", ""));
            assertThat(r.code()).isEqualTo(Rejection.MISSING_FIELD);
            assertThat(r.message()).isEqualTo("missing required field " + field);
        }
        assertThat(rejection(VALID.replace("\"label\":1,", "")).message()).isEqualTo("missing required field label");
        assertThat(rejection(VALID.replace("\"event_time\":881250949000,", "")).message())
                .isEqualTo("missing required field event_time");
        assertThat(rejection(VALID.replaceFirst(",\"features\":\\{.*}}$", "}")).message())
                .isEqualTo("missing required field features");

        Rejection feature = rejection(VALID.replace("\"age\":\"45\",", ""));
        assertThat(feature.code()).isEqualTo(Rejection.MISSING_FIELD);
        assertThat(feature.message()).isEqualTo("missing feature features.age");
    }

    @Test
    void wrongType() {
        Rejection stringLabel = rejection(VALID.replace("\"label\":1", "\"label\":\"1\""));
        assertThat(stringLabel.code()).isEqualTo(Rejection.WRONG_TYPE);
        assertThat(stringLabel.message()).startsWith("label must be").contains("got the string \"1\"");

        Rejection numericUser = rejection(VALID.replace("\"user_id\":\"196\"", "\"user_id\":196"));
        assertThat(numericUser.code()).isEqualTo(Rejection.WRONG_TYPE);
        assertThat(numericUser.message()).startsWith("user_id must be a JSON string").contains("got the number 196");
        assertThat(rejection(VALID.replace("\"item_id\":\"242\"", "\"item_id\":242")).message()).startsWith("item_id");

        Rejection featuresArray = rejection(VALID.replaceFirst("\\{\"gender.*}}$", "[\"M\"]}"));
        assertThat(featuresArray.code()).isEqualTo(Rejection.WRONG_TYPE);
        assertThat(featuresArray.message()).startsWith("features must be a JSON object").contains("got an array");

        Rejection numericFeature = rejection(VALID.replace("\"age\":\"45\"", "\"age\":45"));
        assertThat(numericFeature.code()).isEqualTo(Rejection.WRONG_TYPE);
        assertThat(numericFeature.message()).isEqualTo("features.age must be a JSON string, got the number 45");

        assertThat(rejection(VALID.replace("\"age\":\"45\"", "\"age\":null")).message())
                .isEqualTo("features.age must be a JSON string, got null");
        assertThat(rejection(VALID.replace("\"label\":1", "\"label\":true")).code()).isEqualTo(Rejection.WRONG_TYPE);
        assertThat(rejection(VALID.replace("881250949000", "\"881250949000\"")).message())
                .startsWith("event_time must be a JSON integer");
        assertThat(rejection(VALID.replace("\"e1\"", "{}")).message()).startsWith("event_id must be a JSON string");
    }

    @Test
    void badLabel() {
        Rejection two = rejection(VALID.replace("\"label\":1", "\"label\":2"));
        assertThat(two.code()).isEqualTo(Rejection.BAD_LABEL);
        assertThat(two.message()).isEqualTo("label must be 0 or 1, got 2");
        for (String label : List.of("-1", "1.0", "0.5", "1e0", "99999999999999999999999")) {
            Rejection r = rejection(VALID.replace("\"label\":1", "\"label\":" + label));
            assertThat(r.code()).as(label).isEqualTo(Rejection.BAD_LABEL);
            assertThat(r.message()).as(label).startsWith("label must be").endsWith("got " + label);
        }
        assertThat(decode(VALID.replace("\"label\":1", "\"label\":0")).event().label()).isZero();
    }

    @Test
    void badNumber() {
        Rejection negative = rejection(VALID.replace("881250949000", "-1"));
        assertThat(negative.code()).isEqualTo(Rejection.BAD_NUMBER);
        assertThat(negative.message()).isEqualTo("event_time must be epoch milliseconds in [0, 4102444800000], got -1");
        for (String time : List.of("4102444800001", "9223372036854775808", "-9223372036854775809")) {
            Rejection r = rejection(VALID.replace("881250949000", time));
            assertThat(r.code()).as(time).isEqualTo(Rejection.BAD_NUMBER);
            assertThat(r.message()).as(time).startsWith("event_time must be epoch milliseconds").endsWith("got " + time);
        }
        for (String time : List.of("881250949000.0", "8.8125094900E11", "1.5")) {
            Rejection r = rejection(VALID.replace("881250949000", time));
            assertThat(r.code()).as(time).isEqualTo(Rejection.BAD_NUMBER);
            assertThat(r.message()).as(time).contains("JSON integer (no fraction or exponent)").endsWith("got " + time);
        }
        assertThat(decode(VALID.replace("881250949000", "4102444800000")).ok()).isTrue();
        assertThat(decode(VALID.replace("881250949000", "0")).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void nonFiniteNumbersAreBadNumbersWhereverTheyAppear(String literal) {
        for (String json : List.of(
                VALID.replace("881250949000", literal),
                VALID.replace("\"label\":1", "\"label\":" + literal),
                VALID.replace("\"age\":\"45\"", "\"age\":" + literal))) {
            Rejection r = rejection(json);
            assertThat(r.code()).as(json).isEqualTo(Rejection.BAD_NUMBER);
            assertThat(r.message()).as(json).contains("is " + literal, "not a finite number");
        }
        // Even where it would otherwise be skipped.
        ClickEventCodec lenient = new ClickEventCodec(SCHEMA, "user_id", "movie_id", new ClickCodecLimits(4096, 256, false));
        Rejection nested = rejection(lenient.decode(utf8(VALID.replace("{\"event_id\"", "{\"extra\":{\"a\":[1," + literal
                + "]},\"event_id\""))));
        assertThat(nested.code()).isEqualTo(Rejection.BAD_NUMBER);
        assertThat(nested.message()).startsWith("extra is " + literal);
    }

    @Test
    void oversized() {
        String megabyte = "x".repeat(1 << 20);
        Rejection r = rejection(VALID.replace("\"M\"", "\"" + megabyte + "\""));
        assertThat(r.code()).isEqualTo(Rejection.OVERSIZED);
        assertThat(r.message()).matches("record is \\d+ bytes, larger than the maximum of 65536 bytes");

        // Checked before parsing or UTF-8 decoding: even garbage of that size is OVERSIZED.
        byte[] garbage = new byte[65537];
        Arrays.fill(garbage, (byte) 0xFF);
        assertThat(rejection(CODEC.decode(garbage)).code()).isEqualTo(Rejection.OVERSIZED);

        ClickEventCodec small = new ClickEventCodec(SCHEMA, "user_id", "movie_id", new ClickCodecLimits(100, 256, true));
        assertThat(rejection(small.decode(utf8(VALID))).code()).isEqualTo(Rejection.OVERSIZED);
        assertThatThrownBy(() -> small.encode(decode(VALID).event()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("OVERSIZED: encoded event e1 is " + VALID.length() + " bytes");
    }

    @Test
    void invalidUtf8() {
        byte[] bytes = utf8(VALID.replace("\"M\"", "\"M?\""));
        int at = VALID.indexOf("\"M\"") + 2;
        bytes[at] = (byte) 0xC3; // lead byte followed by '"' instead of a continuation byte
        Rejection r = rejection(CODEC.decode(bytes));
        assertThat(r.code()).isEqualTo(Rejection.INVALID_UTF8);
        assertThat(r.message()).isEqualTo("record is not valid UTF-8: malformed sequence of 1 byte(s) at byte offset " + at);

        // Overlong encoding of '/', a CESU-style encoded surrogate, and a truncated sequence at the end.
        for (byte[] bad : List.of(new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'},
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                new byte[] {'{', '}', (byte) 0xE2, (byte) 0x82})) {
            assertThat(rejection(CODEC.decode(bad)).code()).isEqualTo(Rejection.INVALID_UTF8);
        }

        // Valid bytes, but an escaped unpaired surrogate has no UTF-8 form and could never be re-encoded.
        Rejection surrogate = rejection(VALID.replace("\"M\"", "\"a\\ud800\""));
        assertThat(surrogate.code()).isEqualTo(Rejection.INVALID_UTF8);
        assertThat(surrogate.message()).isEqualTo(
                "features.gender contains the unpaired surrogate \\uD800 at char 1, which has no UTF-8 encoding");
        assertThat(rejection(VALID.replace("\"196\"", "\"\\udc00x\"")).message()).startsWith("user_id contains");
    }

    @Test
    void duplicateKey() {
        Rejection top = rejection(VALID.replace("\"label\":1", "\"label\":1,\"label\":1"));
        assertThat(top.code()).isEqualTo(Rejection.DUPLICATE_KEY);
        assertThat(top.message()).startsWith("duplicate key 'label' at char ");

        Rejection feature = rejection(VALID.replace("\"age\":\"45\"", "\"age\":\"45\",\"age\":\"46\""));
        assertThat(feature.code()).isEqualTo(Rejection.DUPLICATE_KEY);
        assertThat(feature.message()).startsWith("duplicate key 'age'");

        ClickEventCodec lenient = new ClickEventCodec(SCHEMA, "user_id", "movie_id", new ClickCodecLimits(4096, 256, false));
        Rejection inSkipped = rejection(lenient.decode(utf8(VALID.replace("{\"event_id\"",
                "{\"extra\":{\"k\":1,\"k\":2},\"event_id\""))));
        assertThat(inSkipped.code()).isEqualTo(Rejection.DUPLICATE_KEY);
        assertThat(inSkipped.message()).contains("'k'");
    }

    @Test
    void unknownField() {
        Rejection top = rejection(VALID.replace("{\"event_id\"", "{\"rating\":5,\"event_id\""));
        assertThat(top.code()).isEqualTo(Rejection.UNKNOWN_FIELD);
        assertThat(top.message()).isEqualTo("unknown top-level field 'rating' (unknown fields are rejected, not skipped); expected event_id, user_id, item_id, "
                + "label, event_time, features");

        Rejection feature = rejection(VALID.replace("\"age\":\"45\"", "\"age\":\"45\",\"zip\":\"554\""));
        assertThat(feature.code()).isEqualTo(Rejection.UNKNOWN_FIELD);
        assertThat(feature.message()).isEqualTo("unknown feature 'zip' in features (unknown fields are rejected, not skipped); expected [gender, age, year]");

        Rejection id = rejection(VALID.replace("\"age\":\"45\"", "\"age\":\"45\",\"movie_id\":\"242\""));
        assertThat(id.code()).isEqualTo(Rejection.UNKNOWN_FIELD);
        assertThat(id.message()).contains("'movie_id' is given by the top-level item_id");
    }

    @Test
    void unknownFieldsAreSkippedWhenAllowed() {
        ClickEventCodec lenient = new ClickEventCodec(SCHEMA, "user_id", "movie_id", new ClickCodecLimits(4096, 256, false));
        String json = VALID.replace("{\"event_id\"", "{\"rating\":5,\"meta\":{\"a\":[1,{\"b\":null}],\"c\":1.5},\"event_id\"")
                .replace("\"age\":\"45\"", "\"age\":\"45\",\"zip\":{\"x\":[]},\"user_id\":\"other\"");
        Decoded d = lenient.decode(utf8(json));
        assertThat(d.rejection()).isNull();
        assertThat(d.event()).isEqualTo(decode(VALID).event());
    }

    @Test
    void emptyValue() {
        Rejection feature = rejection(VALID.replace("\"M\"", "\"\""));
        assertThat(feature.code()).isEqualTo(Rejection.EMPTY_VALUE);
        assertThat(feature.message()).isEqualTo("features.gender must not be empty");
        assertThat(rejection(VALID.replace("\"e1\"", "\"\"")).message()).isEqualTo("event_id must not be empty");
        assertThat(rejection(VALID.replace("\"196\"", "\"\"")).message()).isEqualTo("user_id must not be empty");
        assertThat(rejection(VALID.replace("\"242\"", "\"\"")).message()).isEqualTo("item_id must not be empty");
    }

    @Test
    void tooLongValue() {
        assertThat(decode(VALID.replace("\"M\"", "\"" + "m".repeat(256) + "\"")).ok()).isTrue();
        Rejection r = rejection(VALID.replace("\"M\"", "\"" + "m".repeat(257) + "\""));
        assertThat(r.code()).isEqualTo(Rejection.TOO_LONG_VALUE);
        assertThat(r.message()).startsWith("features.gender is 257 chars long, longer than the maximum of 256 chars: mmm")
                .endsWith("... (257 chars)");
        assertThat(rejection(VALID.replace("\"242\"", "\"" + "9".repeat(300) + "\"")).message())
                .startsWith("item_id is 300 chars long");
    }

    // ------------------------------------------------------------------------------------------------
    // Robustness
    // ------------------------------------------------------------------------------------------------

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(20240611L);
        byte[] jsonish = utf8("{}[]\",:0123456789.-+eE \ntruefalsnulNaInfy\\u\"abcé😀");
        for (int n = 0; n < 10_000; n++) {
            byte[] bytes = new byte[random.nextInt(n % 100 == 0 ? 2000 : 120)];
            if (n % 2 == 0) {
                random.nextBytes(bytes); // mostly invalid UTF-8
            } else {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = jsonish[random.nextInt(jsonish.length)]; // may split multi-byte chars too
                }
            }
            assertDecodesCleanly(bytes);
        }
    }

    @Test
    void mutatedValidRecordsNeverThrow() {
        Random random = new Random(7L);
        byte[] valid = utf8(VALID.replace("\"M\"", "\"Zürich 😀\""));
        byte[] alphabet = utf8("{}[]\",:01-.eE \\u\u00fcNaI");
        int accepted = 0;
        for (int n = 0; n < 10_000; n++) {
            byte[] bytes = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(4)) {
                    case 0 -> bytes[at] = (byte) random.nextInt(256);
                    case 1 -> bytes[at] = alphabet[random.nextInt(alphabet.length)];
                    case 2 -> bytes = Arrays.copyOf(bytes, at); // truncate
                    default -> { // delete one byte
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, at);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        bytes = shorter;
                    }
                }
                if (bytes.length == 0) {
                    break;
                }
            }
            if (assertDecodesCleanly(bytes)) {
                accepted++;
            }
        }
        assertThat(accepted).as("some mutations (e.g. inside values) still decode").isPositive();
    }

    /** Decoding never throws, yields exactly one outcome, and every accepted event re-encodes to itself. */
    private static boolean assertDecodesCleanly(byte[] bytes) {
        Decoded[] holder = new Decoded[1];
        assertThatCode(() -> holder[0] = CODEC.decode(bytes)).as("decode of %s", Arrays.toString(bytes))
                .doesNotThrowAnyException();
        Decoded d = holder[0];
        assertThat(d).isNotNull();
        assertThat(d.event() == null).isNotEqualTo(d.rejection() == null);
        if (d.ok()) {
            assertThat(CODEC.decode(CODEC.encode(d.event())).event()).isEqualTo(d.event());
            return true;
        }
        assertThat(d.rejection().message()).isNotBlank();
        assertThat(d.rejection().message().length()).isLessThan(600);
        return false;
    }

    @Test
    void encodeRejectsEventsThatDecodeWouldReject() {
        assertThatThrownBy(() -> CODEC.encode(event("e1", "196", "", "45", "242", "1997", 1, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EMPTY_VALUE: features.gender must not be empty (event e1)");
        assertThatThrownBy(() -> CODEC.encode(event("e1", "196", "M", "45", "242", "1997", 1, -5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("BAD_NUMBER: event_time must be epoch milliseconds");
        assertThatThrownBy(() -> CODEC.encode(event("e1", "196", "\uD800", "45", "242", "1997", 1, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("INVALID_UTF8: features.gender contains the unpaired surrogate");
        assertThatThrownBy(() -> CODEC.encode(event("e1", "196", "M", "4".repeat(257), "242", "1997", 1, 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TOO_LONG_VALUE: features.age");
        assertThatThrownBy(() -> CODEC.encode(new ClickEvent("e1", "196", "242", 1, 1L, new String[] {"196", "242"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values but the schema has 5 fields");
        assertThatThrownBy(() -> CODEC.encode(new ClickEvent("e1", "7", "242", 1, 1L,
                new String[] {"196", "M", "45", "242", "1997"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event e1 has userId 7 but its user_id value is 196");
        assertThatThrownBy(() -> CODEC.encode(new ClickEvent("e1", "196", "7", 1, 1L,
                new String[] {"196", "M", "45", "242", "1997"})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event e1 has itemId 7 but its movie_id value is 242");
    }

    @Test
    void constructorValidatesTheIdFields() {
        ClickCodecLimits limits = ClickCodecLimits.defaults();
        assertThatThrownBy(() -> new ClickEventCodec(SCHEMA, "uid", "movie_id", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("user id field 'uid' is not in the schema");
        assertThatThrownBy(() -> new ClickEventCodec(SCHEMA, "user_id", "item", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("item id field 'item' is not in the schema");
        assertThatThrownBy(() -> new ClickEventCodec(SCHEMA, "movie_id", "year", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("user id field 'movie_id' must be a PERSONAL or USER field, got ITEM");
        assertThatThrownBy(() -> new ClickEventCodec(SCHEMA, "user_id", "gender", limits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("item id field 'gender' must be an ITEM field, got USER");
        assertThatThrownBy(() -> new ClickCodecLimits(0, 256, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRecordBytes must be positive, got 0");
        assertThatThrownBy(() -> new ClickCodecLimits(1024, -1, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxValueChars must be positive, got -1");
    }

    @Test
    void codecIsJavaSerializable() throws Exception {
        ClickEventCodec codec = new ClickEventCodec(SCHEMA, "user_id", "movie_id", new ClickCodecLimits(1000, 10, false));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(codec);
        }
        ClickEventCodec copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            copy = (ClickEventCodec) in.readObject();
        }
        assertThat(copy.schema()).isEqualTo(SCHEMA);
        assertThat(copy.limits()).isEqualTo(codec.limits());
        assertThat(copy.toString()).isEqualTo(codec.toString());
        assertThat(copy.decode(utf8(VALID)).event()).isEqualTo(codec.decode(utf8(VALID)).event());
    }

    @Test
    void decodingIsThreadSafe() throws Exception {
        List<byte[]> records = new ArrayList<>();
        List<ClickEvent> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ClickEvent e = event("e" + i, "u" + i, i % 2 == 0 ? "M" : "F", Integer.toString(i), "m" + i, "19" + i, i % 2,
                    i * 1000L);
            records.add(CODEC.encode(e));
            expected.add(e);
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < records.size(); i++) {
                            assertThat(CODEC.decode(records.get(i)).event()).isEqualTo(expected.get(i));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------
    // Value types
    // ------------------------------------------------------------------------------------------------

    @Test
    void clickEventHasArrayValueSemanticsAndCopiesItsInput() {
        String[] buffer = {"196", "M", "45", "242", "1997"};
        ClickEvent a = new ClickEvent("e1", "196", "242", 1, 5L, buffer);
        buffer[1] = "F";
        assertThat(a.values()).containsExactly("196", "M", "45", "242", "1997");
        ClickEvent b = event("e1", "196", "M", "45", "242", "1997", 1, 5L);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(event("e1", "196", "F", "45", "242", "1997", 1, 5L));
        assertThat(a).isNotEqualTo(event("e2", "196", "M", "45", "242", "1997", 1, 5L));
        assertThat(a).isNotEqualTo(event("e1", "196", "M", "45", "242", "1997", 0, 5L));
        assertThat(a).isNotEqualTo(event("e1", "196", "M", "45", "242", "1997", 1, 6L));
        assertThat(a.toString()).isEqualTo("ClickEvent[eventId=e1, userId=196, itemId=242, label=1, "
                + "eventTimeMillis=5, values=[196, M, 45, 242, 1997]]");
        assertThatThrownBy(() -> new ClickEvent("e1", "196", "242", 2, 5L, buffer))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("label must be 0 or 1, got 2");
        assertThatThrownBy(() -> new ClickEvent("e1", "196", "242", 1, 5L, new String[] {"196", null}))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("field index 1");
    }

    @Test
    void decodedHoldsExactlyOneOutcome() {
        ClickEvent e = event("e1", "196", "M", "45", "242", "1997", 1, 5L);
        assertThat(Decoded.of(e).ok()).isTrue();
        assertThat(Decoded.rejected(Rejection.NOT_JSON, "x").ok()).isFalse();
        assertThatThrownBy(() -> new Decoded(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decoded(e, new Rejection(Rejection.NOT_JSON, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Rejection(Rejection.BAD_LABEL, "label must be 0 or 1, got 2").toString())
                .isEqualTo("BAD_LABEL: label must be 0 or 1, got 2");
    }
}
