package io.gprec.stream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests the JSON of predictions and dead letters: field names, round trips and malformed input. */
class OutputCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Prediction PREDICTION =
            new Prediction("ml-100k-000042", "196", "242", 1, 0.73, 12, 881250949000L, 3, "clicks/0/42");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void writesPredictionsWithSnakeCaseFieldsInOrder() {
        assertThat(text(OutputCodec.encode(PREDICTION))).isEqualTo("{\"event_id\":\"ml-100k-000042\",\"user_id\":\"196\","
                + "\"item_id\":\"242\",\"label\":1,\"score\":0.73,\"model_version\":12,\"event_time\":881250949000,"
                + "\"group\":3,\"source\":\"clicks/0/42\"}");
    }

    @Test
    void predictionsRoundTripExactly() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2_000; i++) {
            double score = switch (i % 5) {
                case 0 -> random.nextDouble();
                case 1 -> Double.longBitsToDouble(random.nextLong(Double.doubleToLongBits(1.0)));
                case 2 -> i % 2 == 0 ? 0.0 : 1.0;
                case 3 -> Double.MIN_VALUE;
                default -> -0.0;
            };
            Prediction p = new Prediction("e" + i, "user \"q\" \\ é 😀", "item\n" + i, i % 2, score,
                    random.nextLong(), random.nextLong(), random.nextInt(-1, 100), "t/" + i + "/" + random.nextLong());
            Prediction back = OutputCodec.decodePrediction(OutputCodec.encode(p));
            assertThat(back).isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(back.score())).isEqualTo(Double.doubleToRawLongBits(score));
        }
    }

    @Test
    void writesSupplementaryCharactersAsRawUtf8() {
        Prediction p = new Prediction("e", "😀", "i", 0, 0.5, 0, 0, -1, "t/0/0");
        assertThat(text(OutputCodec.encode(p))).contains("\"user_id\":\"😀\"");
    }

    @Test
    void readsScoresWrittenAsIntegersAndSkipsUnknownFields() {
        Prediction p = OutputCodec.decodePrediction(utf8("{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\","
                + "\"label\":0,\"score\":1,\"model_version\":2,\"event_time\":3,\"group\":-1,\"source\":\"s\","
                + "\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"more\":true}"));
        assertThat(p).isEqualTo(new Prediction("e", "u", "i", 0, 1.0, 2, 3, -1, "s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "null",
        "{",
        "{\"event_id\":\"e\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1}",
        "{\"event_id\":1,\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":2,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":1.0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":\"0.5\",\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":NaN,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,"
                + "\"model_version\":99999999999999999999,\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-2,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":null,\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"event_id\":\"f\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,"
                + "\"model_version\":2,\"event_time\":3,\"group\":-1,\"source\":\"s\"}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":-1,\"source\":\"s\"} {}",
        "{\"event_id\":\"e\",\"user_id\":\"u\",\"item_id\":\"i\",\"label\":0,\"score\":0.5,\"model_version\":2,"
                + "\"event_time\":3,\"group\":[],\"source\":\"s\"}",
    })
    void rejectsMalformedPredictions(String json) {
        assertThatThrownBy(() -> OutputCodec.decodePrediction(utf8(json)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonFiniteScoresAndBadLabelsInPredictions() {
        assertThatThrownBy(() -> new Prediction("e", "u", "i", 0, Double.NaN, 0, 0, -1, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score");
        assertThatThrownBy(() -> new Prediction("e", "u", "i", 0, Double.POSITIVE_INFINITY, 0, 0, -1, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Prediction("e", "u", "i", 2, 0.5, 0, 0, -1, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Prediction("e", "u", "i", 1, 0.5, 0, 0, -2, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Prediction("e", "u", null, 1, 0.5, 0, 0, -1, "s"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void deadLetterOfTextCarriesBase64AndText() throws IOException {
        byte[] original = utf8("{\"label\":2, \"note\":\"é😀\"}");
        DeadLetter d = new DeadLetter("clicks/1/7", Rejection.BAD_LABEL, "label must be 0 or 1, got 2", original, 1_700L);
        byte[] json = OutputCodec.encode(d);
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.properties()).extracting(e -> e.getKey()).containsExactly("source", "code", "message",
                "original_base64", "original_text", "timestamp");
        assertThat(node.get("source").asText()).isEqualTo("clicks/1/7");
        assertThat(node.get("code").asText()).isEqualTo("BAD_LABEL");
        assertThat(node.get("original_base64").asText()).isEqualTo(Base64.getEncoder().encodeToString(original));
        assertThat(node.get("original_text").asText()).isEqualTo("{\"label\":2, \"note\":\"é😀\"}");
        assertThat(node.get("timestamp").asLong()).isEqualTo(1_700L);
        assertThat(OutputCodec.decodeDeadLetter(json)).isEqualTo(d);
    }

    @Test
    void deadLetterOfBinaryCarriesOnlyBase64() throws IOException {
        byte[][] notUtf8 = {
            {(byte) 0xFF, 0x00, 0x41},
            {(byte) 0xC0, (byte) 0x80},                          // overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},             // encoded surrogate
            {0x7B, (byte) 0xE2, (byte) 0x82},                    // truncated sequence
        };
        for (byte[] original : notUtf8) {
            DeadLetter d = new DeadLetter("s", Rejection.INVALID_UTF8, "bad", original, 0);
            byte[] json = OutputCodec.encode(d);
            JsonNode node = MAPPER.readTree(json);
            assertThat(node.has("original_text")).isFalse();
            assertThat(Base64.getDecoder().decode(node.get("original_base64").asText())).isEqualTo(original);
            assertThat(OutputCodec.decodeDeadLetter(json)).isEqualTo(d);
        }
    }

    @Test
    void deadLetterWithoutOrEmptyValueRoundTrips() throws IOException {
        DeadLetter none = new DeadLetter("s", Rejection.NOT_JSON, "null record", null, 5);
        JsonNode node = MAPPER.readTree(OutputCodec.encode(none));
        assertThat(node.get("original_base64").isNull()).isTrue();
        assertThat(node.has("original_text")).isFalse();
        assertThat(OutputCodec.decodeDeadLetter(OutputCodec.encode(none))).isEqualTo(none);

        DeadLetter empty = new DeadLetter("s", Rejection.NOT_JSON, "empty", new byte[0], 5);
        node = MAPPER.readTree(OutputCodec.encode(empty));
        assertThat(node.get("original_base64").asText()).isEmpty();
        assertThat(node.get("original_text").asText()).isEmpty();
        assertThat(OutputCodec.decodeDeadLetter(OutputCodec.encode(empty))).isEqualTo(empty);
    }

    @Test
    void deadLettersOfRandomBytesRoundTrip() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 500; i++) {
            byte[] original = new byte[random.nextInt(64)];
            for (int k = 0; k < original.length; k++) {
                original[k] = (byte) random.nextInt(256);
            }
            DeadLetter d = new DeadLetter("t/0/" + i, Rejection.NOT_JSON, "msg \u0000 \u2028 " + i, original,
                    random.nextLong());
            assertThat(OutputCodec.decodeDeadLetter(OutputCodec.encode(d))).isEqualTo(d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"source\":\"s\",\"code\":\"c\",\"message\":\"m\",\"original_base64\":\"***\",\"timestamp\":1}",
        "{\"source\":\"s\",\"code\":\"c\",\"message\":\"m\",\"timestamp\":1}",
        "{\"source\":\"s\",\"code\":\"c\",\"message\":\"m\",\"original_base64\":5,\"timestamp\":1}",
        "{\"source\":\"s\",\"code\":\"c\",\"message\":\"m\",\"original_base64\":null,\"timestamp\":1.5}",
        "{\"source\":\"s\",\"code\":\"c\",\"original_base64\":null,\"timestamp\":1}",
        "not json",
    })
    void rejectsMalformedDeadLetters(String json) {
        assertThatThrownBy(() -> OutputCodec.decodeDeadLetter(utf8(json)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadLetterCopiesItsBytesAndComparesByContent() {
        byte[] original = {1, 2, 3};
        DeadLetter a = new DeadLetter("s", "c", "m", original, 9);
        original[0] = 42;
        DeadLetter b = new DeadLetter("s", "c", "m", new byte[] {1, 2, 3}, 9);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.original()).containsExactly(1, 2, 3);
        assertThat(a.toString()).contains("original=[1, 2, 3]");
        assertThat(a).isNotEqualTo(new DeadLetter("s", "c", "m", null, 9));
        assertThat(new DeadLetter("s", "c", "m", null, 9)).isEqualTo(new DeadLetter("s", "c", "m", null, 9));
    }
}
