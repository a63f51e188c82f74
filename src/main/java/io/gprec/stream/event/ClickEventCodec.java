package io.gprec.stream.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes and validates the click events of the streaming job against a {@link DatasetSchema}.
 *
 * <p>Wire format: Kafka key = the user id in UTF-8, value = one UTF-8 JSON object
 * <pre>{@code
 * {"event_id":"ml-100k-000042","user_id":"196","item_id":"242","label":1,"event_time":881250949000,
 *  "features":{"gender":"M","age":"45","occupation":"writer","zip":"554","genres":"Comedy","year":"1997"}}
 * }</pre>
 * <ul>
 *   <li>{@code event_id}, {@code user_id}, {@code item_id}: non-empty JSON <em>strings</em>. Ids are
 *       categorical values, never numbers: {@code "user_id":196} is rejected as {@code WRONG_TYPE}
 *       (write {@code "196"}), so that "196", "0196" and "196.0" can never silently collide.</li>
 *   <li>{@code label}: the JSON integer {@code 0} or {@code 1} ({@code 1.0}, {@code 2} → {@code BAD_LABEL};
 *       {@code "1"}, {@code true} → {@code WRONG_TYPE}).</li>
 *   <li>{@code event_time}: epoch milliseconds written as a JSON integer (no fraction or exponent) in
 *       [0, {@value #MAX_EVENT_TIME_MILLIS}] (2100-01-01T00:00Z), else {@code BAD_NUMBER}.</li>
 *   <li>{@code features}: an object with one non-empty string per schema field other than the user id
 *       field and the item id field (those come from {@code user_id}/{@code item_id}).</li>
 * </ul>
 * Which schema fields are "the user id" and "the item id" is configured by name. A {@link ClickEvent}
 * carries the values of <em>all</em> schema fields in schema order, ids included.
 *
 * <p>{@link #decode} never throws: every input, including {@code null}, yields either an event or a
 * {@link Rejection}. Checks run in this order, and the first failure wins: size ({@code OVERSIZED}, before
 * anything is parsed), UTF-8 ({@code INVALID_UTF8}), then JSON syntax, duplicate keys and trailing content
 * ({@code NOT_JSON}, {@code DUPLICATE_KEY}) for the whole record, then the content rules in document order,
 * then missing fields. So a truncated record is reported as {@code NOT_JSON} even if an earlier field is
 * also wrong. NaN/Infinity literals (not JSON, but common in producer bugs) are reported as
 * {@code BAD_NUMBER} wherever they appear, even inside skipped unknown fields. String values must be valid
 * Unicode: an escaped unpaired surrogate such as {@code "\ud800"} has no UTF-8 form and is rejected as
 * {@code INVALID_UTF8}, so every decoded event can be encoded again.
 *
 * <p>{@link #encode} applies the same rules and throws {@link IllegalArgumentException} for an event that
 * {@link #decode} would reject, so the job never produces records its consumers drop.
 *
 * <p>Immutable and thread-safe; one instance can be shared by all tasks. Java-serializable (through a
 * proxy that rebuilds and re-validates the codec), so it can be shipped inside Flink functions.
 */
public final class ClickEventCodec implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Latest accepted event time: 2100-01-01T00:00:00Z in epoch milliseconds. */
    public static final long MAX_EVENT_TIME_MILLIS = 4_102_444_800_000L;

    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String ITEM_ID = "item_id";
    public static final String LABEL = "label";
    public static final String EVENT_TIME = "event_time";
    public static final String FEATURES = "features";

    private static final String TOP_LEVEL_FIELDS =
            String.join(", ", EVENT_ID, USER_ID, ITEM_ID, LABEL, EVENT_TIME, FEATURES);
    /** Longest excerpt of user content quoted in a rejection message. */
    private static final int PREVIEW_CHARS = 64;
    private static final int PARSER_MESSAGE_CHARS = 200;
    private static final String DUPLICATE_PREFIX = "Duplicate field ";
    /** Said in every UNKNOWN_FIELD reason: a misspelt field must not look like a silently ignored one. */
    private static final String UNKNOWN_REJECTED = " (unknown fields are rejected, not skipped)";

    /**
     * Shared, thread-safe. Duplicate detection is on; NaN/Infinity are let through the tokenizer only so
     * that they can be rejected as BAD_NUMBER with a clear message; names are not String.intern()ed because
     * they come from untrusted input. Written JSON is compact, raw UTF-8 (only quote, backslash and control
     * characters are escaped).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // Characters outside the BMP (emoji) as raw 4-byte UTF-8, not as a pair of backslash-u escapes.
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final DatasetSchema schema;
    private final String userIdField;
    private final String itemIdField;
    private final ClickCodecLimits limits;
    private final int userIndex;
    private final int itemIndex;
    /** Schema indices of the fields carried in {@code features}, in schema order. */
    private final int[] featureIndices;
    private final Map<String, Integer> featureIndexByName;
    /** Per schema index, how the value is named in messages: "user_id", "item_id" or "features.NAME". */
    private final String[] paths;

    public ClickEventCodec(DatasetSchema schema, String userIdField, String itemIdField, ClickCodecLimits limits) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.userIdField = Objects.requireNonNull(userIdField, "userIdField");
        this.itemIdField = Objects.requireNonNull(itemIdField, "itemIdField");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.userIndex = fieldIndex(schema, userIdField, "user id");
        this.itemIndex = fieldIndex(schema, itemIdField, "item id");
        FieldRole userRole = schema.fields().get(userIndex).role();
        if (userRole == FieldRole.ITEM) {
            throw new IllegalArgumentException("user id field '" + userIdField + "' must be a PERSONAL or USER field, got "
                    + userRole + " in " + schema);
        }
        FieldRole itemRole = schema.fields().get(itemIndex).role();
        if (itemRole != FieldRole.ITEM) {
            throw new IllegalArgumentException("item id field '" + itemIdField + "' must be an ITEM field, got "
                    + itemRole + " in " + schema);
        }
        this.featureIndices = new int[schema.size() - 2];
        this.featureIndexByName = new HashMap<>();
        this.paths = new String[schema.size()];
        int next = 0;
        for (int i = 0; i < schema.size(); i++) {
            String name = schema.fields().get(i).name();
            if (i == userIndex) {
                paths[i] = USER_ID;
            } else if (i == itemIndex) {
                paths[i] = ITEM_ID;
            } else {
                featureIndices[next++] = i;
                featureIndexByName.put(name, i);
                paths[i] = FEATURES + "." + name;
            }
        }
    }

    /** MovieLens conventions: user id field {@code user_id}, item id field {@code movie_id}, default limits. */
    public static ClickEventCodec movieLens(DatasetSchema schema) {
        return new ClickEventCodec(schema, "user_id", "movie_id", ClickCodecLimits.defaults());
    }

    /**
     * Any schema: the user id is its first PERSONAL field (else its first USER field), the item id its first
     * ITEM field, as in the replay order; {@code user_id}/{@code movie_id} for MovieLens, {@code user_id}/{@code
     * item_id} for the synthetic streams. Default limits.
     */
    public static ClickEventCodec forSchema(DatasetSchema schema) {
        Objects.requireNonNull(schema, "schema");
        List<Field> fields = schema.fields();
        return new ClickEventCodec(schema, fields.get(schema.userIndices()[0]).name(),
                fields.get(schema.indicesOf(FieldRole.ITEM)[0]).name(), ClickCodecLimits.defaults());
    }

    public DatasetSchema schema() {
        return schema;
    }

    public String userIdField() {
        return userIdField;
    }

    public String itemIdField() {
        return itemIdField;
    }

    public ClickCodecLimits limits() {
        return limits;
    }

    // ------------------------------------------------------------------------------------------------
    // Building and encoding
    // ------------------------------------------------------------------------------------------------

    /**
     * The event of a dataset interaction: user and item id from their schema fields, the interaction's
     * epoch-second timestamp converted to milliseconds. Not validated beyond alignment; {@link #encode}
     * checks the rest.
     */
    public ClickEvent fromInteraction(String eventId, Interaction x) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(x, "interaction");
        String[] values = x.values();
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("interaction has " + values.length + " values but the schema has "
                    + schema.size() + " fields: " + schema);
        }
        long millis;
        try {
            millis = Math.multiplyExact(x.timestamp(), 1000L);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("interaction timestamp " + x.timestamp()
                    + " s does not fit in epoch milliseconds", overflow);
        }
        return new ClickEvent(eventId, values[userIndex], values[itemIndex], x.label(), millis, values);
    }

    /** The Kafka key: the user id in UTF-8, so all clicks of a user land in one partition. */
    public byte[] key(ClickEvent e) {
        Objects.requireNonNull(e, "event");
        return e.userId().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The Kafka value: UTF-8 JSON in the documented field order, features in schema order.
     *
     * @throws IllegalArgumentException if {@link #decode} would reject the result (misaligned values, ids
     *                                  that disagree with their schema fields, empty or too long values,
     *                                  time out of range, record too large); the message starts with the
     *                                  rejection code
     */
    public byte[] encode(ClickEvent e) {
        Objects.requireNonNull(e, "event");
        Rejection problem = validate(e);
        if (problem != null) {
            throw new IllegalArgumentException(problem + " (event " + preview(e.eventId()) + ")");
        }
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField(EVENT_ID, e.eventId());
            g.writeStringField(USER_ID, e.userId());
            g.writeStringField(ITEM_ID, e.itemId());
            g.writeNumberField(LABEL, e.label());
            g.writeNumberField(EVENT_TIME, e.eventTimeMillis());
            g.writeFieldName(FEATURES);
            g.writeStartObject();
            String[] values = e.values();
            for (int i : featureIndices) {
                g.writeStringField(schema.fields().get(i).name(), values[i]);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException("could not encode event " + preview(e.eventId()), io);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length > limits.maxRecordBytes()) {
            throw new IllegalArgumentException(Rejection.OVERSIZED + ": encoded event " + preview(e.eventId()) + " is "
                    + bytes.length + " bytes, larger than the maximum of " + limits.maxRecordBytes() + " bytes");
        }
        return bytes;
    }

    private Rejection validate(ClickEvent e) {
        String[] values = e.values();
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("event " + preview(e.eventId()) + " has " + values.length
                    + " values but the schema has " + schema.size() + " fields: " + schema);
        }
        if (!values[userIndex].equals(e.userId())) {
            throw new IllegalArgumentException("event " + preview(e.eventId()) + " has userId " + preview(e.userId())
                    + " but its " + userIdField + " value is " + preview(values[userIndex]));
        }
        if (!values[itemIndex].equals(e.itemId())) {
            throw new IllegalArgumentException("event " + preview(e.eventId()) + " has itemId " + preview(e.itemId())
                    + " but its " + itemIdField + " value is " + preview(values[itemIndex]));
        }
        Rejection r = checkValue(e.eventId(), EVENT_ID);
        if (r == null && (e.eventTimeMillis() < 0 || e.eventTimeMillis() > MAX_EVENT_TIME_MILLIS)) {
            r = timeOutOfRange(Long.toString(e.eventTimeMillis()));
        }
        for (int i = 0; i < values.length && r == null; i++) {
            r = checkValue(values[i], paths[i]);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------
    // Decoding
    // ------------------------------------------------------------------------------------------------

    /** Decodes and validates one Kafka value. Never throws, whatever the bytes (null included). */
    public Decoded decode(byte[] value) {
        try {
            return decodeChecked(value);
        } catch (RuntimeException unexpected) {
            // Safety net: a poison record must never fail the job. Nothing above is known to get here.
            return Decoded.rejected(Rejection.NOT_JSON, "record could not be decoded ("
                    + unexpected.getClass().getSimpleName() + ": " + preview(String.valueOf(unexpected.getMessage()))
                    + ")");
        }
    }

    private Decoded decodeChecked(byte[] value) {
        if (value == null) {
            return Decoded.rejected(Rejection.NOT_JSON, "record value is null (a tombstone?), expected a JSON object");
        }
        if (value.length > limits.maxRecordBytes()) {
            return Decoded.rejected(Rejection.OVERSIZED, "record is " + value.length
                    + " bytes, larger than the maximum of " + limits.maxRecordBytes() + " bytes");
        }
        if (value.length == 0) {
            return Decoded.rejected(Rejection.NOT_JSON, "record is empty (0 bytes), expected a JSON object");
        }
        // UTF-8 never decodes to more chars than it has bytes, so one pass fills this buffer.
        CharBuffer chars = CharBuffer.allocate(value.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(value);
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (!result.isUnderflow()) {
            String what = result.isError() ? "malformed sequence of " + result.length() + " byte(s)" : result.toString();
            return Decoded.rejected(Rejection.INVALID_UTF8, "record is not valid UTF-8: " + what + " at byte offset "
                    + in.position());
        }
        try (JsonParser p = JSON.createParser(chars.array(), 0, chars.position())) {
            ClickEvent event = null;
            Rejection problem = null;
            try {
                event = readEvent(p);
            } catch (Reject r) {
                problem = r.rejection;
            }
            // Syntax errors, duplicate keys and trailing content anywhere in the record beat content problems:
            // a truncated record is NOT_JSON even if an earlier field was also invalid.
            Rejection syntax = finish(p);
            if (syntax != null) {
                return new Decoded(null, syntax);
            }
            return problem != null ? new Decoded(null, problem) : Decoded.of(event);
        } catch (JsonProcessingException e) {
            return new Decoded(null, parserError(e));
        } catch (IOException e) {
            return Decoded.rejected(Rejection.NOT_JSON, "record could not be read as JSON: "
                    + preview(String.valueOf(e.getMessage()), PARSER_MESSAGE_CHARS));
        }
    }

    /** Reads the root object; on return the parser is at the root's END_OBJECT. */
    private ClickEvent readEvent(JsonParser p) throws IOException, Reject {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new Reject(Rejection.NOT_JSON, "record contains only whitespace, expected a JSON object");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new Reject(Rejection.NOT_OBJECT, "record must be a JSON object, got " + describe(p, t));
        }
        String eventId = null;
        String userId = null;
        String itemId = null;
        int label = -1;
        long eventTime = -1;
        String[] values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case EVENT_ID -> eventId = readString(p, v, EVENT_ID);
                case USER_ID -> userId = readString(p, v, USER_ID);
                case ITEM_ID -> itemId = readString(p, v, ITEM_ID);
                case LABEL -> label = readLabel(p, v);
                case EVENT_TIME -> eventTime = readEventTime(p, v);
                case FEATURES -> values = readFeatures(p, v);
                default -> {
                    if (limits.rejectUnknownFields()) {
                        throw new Reject(Rejection.UNKNOWN_FIELD, "unknown top-level field '" + preview(name)
                                + "'" + UNKNOWN_REJECTED + "; expected " + TOP_LEVEL_FIELDS);
                    }
                    skipValue(p, v, name);
                }
            }
        }
        // Any token other than the root's END_OBJECT would have been a parse error.
        requirePresent(eventId != null, EVENT_ID);
        requirePresent(userId != null, USER_ID);
        requirePresent(itemId != null, ITEM_ID);
        requirePresent(label >= 0, LABEL);
        requirePresent(eventTime >= 0, EVENT_TIME);
        requirePresent(values != null, FEATURES);
        values[userIndex] = userId;
        values[itemIndex] = itemId;
        return new ClickEvent(eventId, userId, itemId, label, eventTime, values);
    }

    private String[] readFeatures(JsonParser p, JsonToken t) throws IOException, Reject {
        if (t != JsonToken.START_OBJECT) {
            throw wrongType(p, t, FEATURES, "a JSON object of string values");
        }
        String[] values = new String[schema.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            Integer index = featureIndexByName.get(name);
            if (index != null) {
                values[index] = readString(p, v, paths[index]);
            } else if (limits.rejectUnknownFields()) {
                String why = name.equals(userIdField) || name.equals(itemIdField)
                        ? "; '" + name + "' is given by the top-level " + (name.equals(userIdField) ? USER_ID : ITEM_ID)
                        : "";
                throw new Reject(Rejection.UNKNOWN_FIELD, "unknown feature '" + preview(name) + "' in features"
                        + UNKNOWN_REJECTED + why + "; expected " + featureNames());
            } else {
                skipValue(p, v, FEATURES + "." + name);
            }
        }
        for (int i : featureIndices) {
            if (values[i] == null) {
                throw new Reject(Rejection.MISSING_FIELD, "missing feature " + paths[i]);
            }
        }
        return values;
    }

    private String readString(JsonParser p, JsonToken t, String path) throws IOException, Reject {
        if (t != JsonToken.VALUE_STRING) {
            String expected = path.equals(USER_ID) || path.equals(ITEM_ID) || path.equals(EVENT_ID)
                    ? "a JSON string (ids are strings, e.g. \"196\", never numbers)"
                    : "a JSON string";
            throw wrongType(p, t, path, expected);
        }
        String s = p.getText();
        Rejection r = checkValue(s, path);
        if (r != null) {
            throw new Reject(r);
        }
        return s;
    }

    private int readLabel(JsonParser p, JsonToken t) throws IOException, Reject {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.INT) {
                int v = p.getIntValue();
                if (v == 0 || v == 1) {
                    return v;
                }
            }
            throw new Reject(Rejection.BAD_LABEL, "label must be 0 or 1, got " + preview(p.getText()));
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            if (p.isNaN()) {
                throw notFinite(p, LABEL);
            }
            throw new Reject(Rejection.BAD_LABEL, "label must be the integer 0 or 1, got " + preview(p.getText()));
        }
        throw wrongType(p, t, LABEL, "the JSON number 0 or 1");
    }

    private long readEventTime(JsonParser p, JsonToken t) throws IOException, Reject {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long v = p.getLongValue();
                if (v >= 0 && v <= MAX_EVENT_TIME_MILLIS) {
                    return v;
                }
            }
            throw new Reject(timeOutOfRange(p.getText()));
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            if (p.isNaN()) {
                throw notFinite(p, EVENT_TIME);
            }
            throw new Reject(Rejection.BAD_NUMBER, "event_time must be whole epoch milliseconds written as a JSON "
                    + "integer (no fraction or exponent), got " + preview(p.getText()));
        }
        throw wrongType(p, t, EVENT_TIME, "a JSON integer (epoch milliseconds)");
    }

    /** Skips an ignored value, still rejecting NaN/Infinity inside it (they are not JSON). */
    private static void skipValue(JsonParser p, JsonToken t, String path) throws IOException, Reject {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            int depth = 1;
            while (depth > 0) {
                JsonToken next = p.nextToken();
                if (next == null) {
                    return; // unreachable: the parser reports end-of-input inside a container
                }
                if (next.isStructStart()) {
                    depth++;
                } else if (next.isStructEnd()) {
                    depth--;
                } else if (next == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
                    throw notFinite(p, path);
                }
            }
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
            throw notFinite(p, path);
        }
    }

    /**
     * Consumes the rest of the record: the parser reports syntax errors and duplicate keys by throwing;
     * content after the root value is returned as NOT_JSON.
     */
    private static Rejection finish(JsonParser p) throws IOException {
        while (!p.getParsingContext().inRoot()) {
            if (p.nextToken() == null) {
                break; // unreachable: the parser reports end-of-input inside a container
            }
        }
        // Now at the root value's last token (or before any token for an empty record).
        if (p.nextToken() != null) {
            return new Rejection(Rejection.NOT_JSON, "record has content after the JSON object, at char "
                    + p.currentTokenLocation().getCharOffset());
        }
        return null;
    }

    private Rejection checkValue(String s, String path) {
        int n = s.length();
        if (n == 0) {
            return new Rejection(Rejection.EMPTY_VALUE, path + " must not be empty");
        }
        if (n > limits.maxValueChars()) {
            return new Rejection(Rejection.TOO_LONG_VALUE, path + " is " + n + " chars long, longer than the maximum of "
                    + limits.maxValueChars() + " chars: " + preview(s));
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return new Rejection(Rejection.INVALID_UTF8, path + " contains the unpaired surrogate \\u"
                        + String.format("%04X", (int) c) + " at char " + i + ", which has no UTF-8 encoding");
            }
        }
        return null;
    }

    private static Rejection timeOutOfRange(String got) {
        return new Rejection(Rejection.BAD_NUMBER, "event_time must be epoch milliseconds in [0, "
                + MAX_EVENT_TIME_MILLIS + "], got " + preview(got));
    }

    private static void requirePresent(boolean present, String field) throws Reject {
        if (!present) {
            throw new Reject(Rejection.MISSING_FIELD, "missing required field " + field);
        }
    }

    private static Reject wrongType(JsonParser p, JsonToken t, String path, String expected) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT && p.isNaN()) {
            return notFinite(p, path);
        }
        return new Reject(Rejection.WRONG_TYPE, path + " must be " + expected + ", got " + describe(p, t));
    }

    private static Reject notFinite(JsonParser p, String path) throws IOException {
        return new Reject(Rejection.BAD_NUMBER, path + " is " + preview(p.getText())
                + ", which is not a finite number (NaN and Infinity are not valid JSON)");
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + preview(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + preview(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
            case VALUE_NULL -> "null";
            default -> String.valueOf(t);
        };
    }

    private static Rejection parserError(JsonProcessingException e) {
        // Sources are not included in locations (the parser default); drop the placeholder Jackson prints instead.
        String original = String.valueOf(e.getOriginalMessage()).replace(
                "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[");
        JsonLocation location = e.getLocation();
        String where = location == null || location.getCharOffset() < 0 ? "" : " at char " + location.getCharOffset();
        if (original.startsWith(DUPLICATE_PREFIX)) {
            // Jackson's STRICT_DUPLICATE_DETECTION message is "Duplicate field 'NAME'".
            return new Rejection(Rejection.DUPLICATE_KEY, "duplicate key "
                    + preview(original.substring(DUPLICATE_PREFIX.length())) + where);
        }
        return new Rejection(Rejection.NOT_JSON, "record is not valid JSON: "
                + preview(original, PARSER_MESSAGE_CHARS) + where);
    }

    private String featureNames() {
        List<String> names = new ArrayList<>(featureIndices.length);
        for (int i : featureIndices) {
            names.add(schema.fields().get(i).name());
        }
        return names.toString();
    }

    private static String preview(String s) {
        return preview(s, PREVIEW_CHARS);
    }

    private static String preview(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, cut) + "... (" + s.length() + " chars)";
    }

    private static int fieldIndex(DatasetSchema schema, String name, String what) {
        try {
            return schema.indexOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " field '" + name + "' is not in the schema " + schema, e);
        }
    }

    @Override
    public String toString() {
        return "ClickEventCodec[schema=" + schema + ", userIdField=" + userIdField + ", itemIdField=" + itemIdField
                + ", limits=" + limits + "]";
    }

    /** A content problem found while reading; carries no stack trace because it is expected input. */
    private static final class Reject extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;
        final transient Rejection rejection;

        Reject(String code, String message) {
            this(new Rejection(code, message));
        }

        Reject(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Serialization: ship names and settings, rebuild (and re-validate) on the receiving side.
    // ------------------------------------------------------------------------------------------------

    @Serial
    private Object writeReplace() {
        List<Field> fields = schema.fields();
        String[] names = new String[fields.size()];
        FieldRole[] roles = new FieldRole[fields.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = fields.get(i).name();
            roles[i] = fields.get(i).role();
        }
        return new SerializedForm(names, roles, userIdField, itemIdField, limits);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ClickEventCodec is deserialized through its serialization proxy");
    }

    private record SerializedForm(String[] names, FieldRole[] roles, String userIdField, String itemIdField,
                                  ClickCodecLimits limits) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() throws InvalidObjectException {
            try {
                List<Field> fields = new ArrayList<>(names.length);
                for (int i = 0; i < names.length; i++) {
                    fields.add(new Field(names[i], roles[i]));
                }
                return new ClickEventCodec(new DatasetSchema(fields), userIdField, itemIdField, limits);
            } catch (RuntimeException e) {
                InvalidObjectException invalid = new InvalidObjectException("corrupt ClickEventCodec: " + e.getMessage());
                invalid.initCause(e);
                throw invalid;
            }
        }
    }
}
