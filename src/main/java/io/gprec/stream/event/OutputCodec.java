package io.gprec.stream.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * JSON for predictions (UTF-8), and back (for tests and the dashboard).
 *
 * <p>Prediction: {@code {"event_id":"e1","user_id":"196","item_id":"242","label":1,"score":0.73,
 * "model_version":12,"event_time":881250949000,"group":3,"source":"clicks/0/42"}}.
 * Dead letters are not JSON: they keep the rejected bytes as they are (see {@code io.gprec.kafka.DeadLetterRecords}).
 *
 * <p>Decoding requires every field with the right JSON type and rejects duplicate keys and trailing content with
 * {@link IllegalArgumentException}; unknown fields are skipped so readers survive fields added later.
 */
public final class OutputCodec {

    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String LABEL = "label";
    public static final String SCORE = "score";
    public static final String MODEL_VERSION = "model_version";
    public static final String EVENT_TIME = "event_time";
    public static final String GROUP = "group";
    public static final String SOURCE = "source";

    /** Stands for an object or array value, which no field of these formats may hold. */
    private static final Object CONTAINER = new Object();

    /** Shared and thread-safe; compact raw UTF-8 output, emoji as 4-byte UTF-8 rather than surrogate escapes. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private OutputCodec() {
    }

    /** The prediction as one UTF-8 JSON object. */
    public static byte[] encode(Prediction p) {
        Objects.requireNonNull(p, "prediction");
        return write(g -> {
            g.writeStringField(EVENT_ID, p.eventId());
            g.writeStringField(USER_ID, p.userId());
            g.writeStringField(ITEM_ID, p.itemId());
            g.writeNumberField(LABEL, p.label());
            g.writeNumberField(SCORE, p.score());
            g.writeNumberField(MODEL_VERSION, p.modelVersion());
            g.writeNumberField(EVENT_TIME, p.eventTimeMillis());
            g.writeNumberField(GROUP, p.group());
            g.writeStringField(SOURCE, p.source());
        });
    }

    /** Reads a prediction written by {@link #encode(Prediction)}; throws IllegalArgumentException if malformed. */
    public static Prediction decodePrediction(byte[] json) {
        Map<String, Object> f = read(json, "prediction");
        return new Prediction(string(f, EVENT_ID), string(f, USER_ID), string(f, ITEM_ID), intValue(f, LABEL),
                doubleValue(f, SCORE), longValue(f, MODEL_VERSION), longValue(f, EVENT_TIME), intValue(f, GROUP),
                string(f, SOURCE));
    }

    /** Writes the fields of one object. */
    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder()) {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                body.write(g);
                g.writeEndObject();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e); // unreachable: no real I/O
        }
    }

    /** Reads one flat JSON object into name → String, Integer/Long/BigInteger, Double, null or CONTAINER. */
    private static Map<String, Object> read(byte[] json, String what) {
        Objects.requireNonNull(json, "json");
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(what + " must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                Object value = switch (t) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getNumberValue();
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_NULL -> null;
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    default -> {
                        p.skipChildren();
                        yield CONTAINER;
                    }
                };
                fields.put(name, value);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException(what + " has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not be read: " + e.getMessage(), e);
        }
        return fields;
    }

    private static String string(Map<String, Object> f, String name) {
        if (required(f, name) instanceof String s) {
            return s;
        }
        throw wrongType(f, name, "a string");
    }


    private static long longValue(Map<String, Object> f, String name) {
        Object v = required(f, name);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw wrongType(f, name, v instanceof BigInteger ? "an integer that fits in 64 bits" : "an integer");
    }

    private static int intValue(Map<String, Object> f, String name) {
        if (required(f, name) instanceof Integer i) {
            return i;
        }
        throw wrongType(f, name, "an integer that fits in 32 bits");
    }

    private static double doubleValue(Map<String, Object> f, String name) {
        Object v = required(f, name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(f, name, "a number");
    }

    private static Object required(Map<String, Object> f, String name) {
        if (!f.containsKey(name)) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return f.get(name);
    }

    private static IllegalArgumentException wrongType(Map<String, Object> f, String name, String expected) {
        Object v = f.get(name);
        String got = v == null ? "null" : v == CONTAINER ? "an object or array" : v.getClass().getSimpleName() + " " + v;
        // Values come from outside: keep messages short whatever was sent.
        if (got.length() > 80) {
            got = got.substring(0, 80) + "...";
        }
        return new IllegalArgumentException(name + " must be " + expected + ", got " + got);
    }
}
