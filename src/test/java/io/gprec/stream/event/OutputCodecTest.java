package io.gprec.stream.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
