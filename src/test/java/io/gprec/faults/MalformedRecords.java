package io.gprec.faults;

import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Rejection;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Deterministic malformed click records for the bad-input fault test, each with the kind of fault and the
 * {@link Rejection} code the job must give it: not JSON, truncated, wrong types, missing fields, label not 0/1,
 * NaN/Infinity, negative or enormous ids, 1 MB strings, unknown fields, duplicated keys, invalid UTF-8, and a few
 * neighbours (tombstones, empty records, non-object roots, trailing content, empty values, deep nesting).
 *
 * <p>Every record is built from a valid event of the stream with its event id replaced by {@code bad-NNNNN}, so it
 * is a near miss of a real click, and (except tombstones and empty records) its bytes are unique.
 */
final class MalformedRecords {
    /** One malformed record: {@code value} null is a tombstone. */
    record Bad(String kind, String expectedCode, byte[] value) {}

    /** 1 MB strings are few (each costs a megabyte in the topic and in the dead-letter topic). */
    static final int ONE_MB_EVERY = 500;
    static final int ONE_MB = 1_000_000;

    private final ClickEventCodec codec;
    private final List<ClickEvent> templates;
    private final Random rnd;

    MalformedRecords(ClickEventCodec codec, List<ClickEvent> templates, long seed) {
        this.codec = Objects.requireNonNull(codec);
        if (templates.isEmpty()) throw new IllegalArgumentException("no template events");
        this.templates = templates;
        this.rnd = new Random(seed);
    }

    /** The i-th record of the sequence: kinds cycle, variants are drawn from the seeded generator. */
    Bad next(int i) {
        ClickEvent t = templates.get(rnd.nextInt(templates.size()));
        Json j = new Json(codec, t, String.format("bad-%05d", i));
        if (i % ONE_MB_EVERY == ONE_MB_EVERY - 1) {
            j.top.put("item_id", quote("9".repeat(ONE_MB)));
            return new Bad("1 MB string", Rejection.OVERSIZED, j.bytes());
        }
        List<BiFunction<Json, Integer, Bad>> kinds = KINDS;
        return kinds.get(i % kinds.size()).apply(j, rnd.nextInt(1 << 20));
    }

    List<Bad> take(int n) {
        List<Bad> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(next(i));
        return out;
    }

    private static final List<BiFunction<Json, Integer, Bad>> KINDS = List.of(
            (j, r) -> switch (r % 5) {
                case 0 -> bad("not JSON", Rejection.NOT_JSON, "this is not JSON: " + j.id);
                case 1 -> bad("not JSON", Rejection.NOT_JSON, j.id + ",196,242,1,881250949");
                case 2 -> bad("not JSON", Rejection.NOT_JSON, "<click id=\"" + j.id + "\"/>");
                case 3 -> bad("not JSON", Rejection.NOT_JSON, j.text().replace('"', '\''));
                default -> bad("not JSON", Rejection.NOT_JSON, "/* " + j.id + " */ " + j.text());
            },
            (j, r) -> {
                String s = j.text();
                int cut = 24 + r % (s.length() - 25); // after the event id, before the closing brace
                return bad("truncated", Rejection.NOT_JSON, s.substring(0, cut));
            },
            (j, r) -> {
                switch (r % 8) {
                    case 0 -> j.top.put("user_id", j.rawUser()); // an id as a number
                    case 1 -> j.top.put("label", "\"1\"");
                    case 2 -> j.top.put("label", "true");
                    case 3 -> j.top.put("event_time", "\"881250949000\"");
                    case 4 -> j.top.put("features", "[" + String.join(",", j.features.values()) + "]");
                    case 5 -> j.features.put(j.someFeature(r), "1997");
                    case 6 -> j.top.put("item_id", "null");
                    default -> j.top.put("user_id", "{\"id\":" + j.rawUser() + "}");
                }
                return bad("wrong type", Rejection.WRONG_TYPE, j.text());
            },
            (j, r) -> {
                if (r % 7 == 0) j.features.put(j.someFeature(r), quote(j.id)); // keeps the record unique without its event id
                if (r % 7 < 6) j.top.remove(List.copyOf(j.top.keySet()).get(r % 7));
                else j.features.remove(j.someFeature(r));
                return bad("missing field", Rejection.MISSING_FIELD, j.text());
            },
            (j, r) -> {
                j.top.put("label", new String[] {"2", "-1", "0.5", "1.0", "1e0", "10000000000", "-0.0"}[r % 7]);
                return bad("label not 0/1", Rejection.BAD_LABEL, j.text());
            },
            (j, r) -> {
                String v = new String[] {"NaN", "Infinity", "-Infinity"}[r % 3];
                switch ((r / 3) % 3) {
                    case 0 -> j.top.put("label", v);
                    case 1 -> j.top.put("event_time", v);
                    default -> j.features.put(j.someFeature(r), v);
                }
                return bad("NaN/Infinity", Rejection.BAD_NUMBER, j.text());
            },
            (j, r) -> switch (r % 3) {
                case 0 -> { j.top.put("user_id", "-" + j.rawUser()); yield bad("negative id", Rejection.WRONG_TYPE, j.text()); }
                case 1 -> { j.top.put("item_id", "-1"); yield bad("negative id", Rejection.WRONG_TYPE, j.text()); }
                default -> { j.top.put("event_time", "-881250949000"); yield bad("negative id", Rejection.BAD_NUMBER, j.text()); }
            },
            (j, r) -> switch (r % 4) {
                case 0 -> { j.top.put("user_id", "123456789012345678901234567890"); yield bad("enormous id", Rejection.WRONG_TYPE, j.text()); }
                case 1 -> { j.top.put("item_id", "1e400"); yield bad("enormous id", Rejection.WRONG_TYPE, j.text()); }
                case 2 -> { j.top.put("user_id", quote("9".repeat(300 + r % 5000))); yield bad("enormous id", Rejection.TOO_LONG_VALUE, j.text()); }
                default -> { j.top.put("event_time", "99999999999999999999"); yield bad("enormous id", Rejection.BAD_NUMBER, j.text()); }
            },
            (j, r) -> {
                switch (r % 4) {
                    case 0 -> j.top.put("rating", "5");
                    case 1 -> j.top.put("extra", "{\"nested\":[1,2,{\"a\":null}]}");
                    case 2 -> j.features.put("title", "\"Toy Story (1995)\"");
                    default -> j.features.put("movie_id", j.top.get("item_id")); // the id field again, as a feature
                }
                return bad("unknown field", Rejection.UNKNOWN_FIELD, j.text());
            },
            (j, r) -> {
                String text = switch (r % 4) {
                    case 0 -> j.text().replaceFirst("\\{", "{\"user_id\":\"7\",");
                    case 1 -> j.text().replaceFirst("\\{", "{\"label\":0,");
                    case 2 -> j.text().replace("\"features\":{", "\"features\":{\"" + j.someFeature(r) + "\":\"x\",");
                    default -> j.text().replaceFirst("\\{", "{\"event_id\":\"" + j.id + "\",");
                };
                return bad("duplicated key", Rejection.DUPLICATE_KEY, text);
            },
            (j, r) -> {
                byte[] s = j.bytes();
                int at = j.text().indexOf(j.id) + 4; // inside the event id string
                byte[][] junk = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xE9}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
                if (r % 8 == 7) {
                    return new Bad("invalid UTF-8", Rejection.INVALID_UTF8, j.text().getBytes(StandardCharsets.UTF_16));
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(s, 0, at);
                out.writeBytes(junk[r % 7]);
                out.write(s, at, s.length - at);
                return new Bad("invalid UTF-8", Rejection.INVALID_UTF8, out.toByteArray());
            },
            (j, r) -> {
                j.features.put(j.someFeature(r), "\"\\ud800" + j.id + "\"");
                return bad("invalid UTF-8", Rejection.INVALID_UTF8, j.text());
            },
            (j, r) -> {
                j.features.put(j.someFeature(r), quote("x".repeat(257 + r % 60_000)));
                return bad("long string", Rejection.TOO_LONG_VALUE, j.text());
            },
            (j, r) -> switch (r % 6) {
                case 0 -> new Bad("tombstone", Rejection.NOT_JSON, null);
                case 1 -> new Bad("empty", Rejection.NOT_JSON, new byte[0]);
                case 2 -> bad("empty", Rejection.NOT_JSON, " \n\t ");
                case 3 -> bad("not an object", Rejection.NOT_OBJECT, "[" + j.text() + "]");
                case 4 -> bad("not an object", Rejection.NOT_OBJECT, "\"" + j.id + "\"");
                default -> bad("not an object", Rejection.NOT_OBJECT, "null");
            },
            (j, r) -> switch (r % 4) {
                case 0 -> bad("trailing content", Rejection.NOT_JSON, j.text() + j.text());
                case 1 -> bad("trailing content", Rejection.NOT_JSON, j.text() + " x");
                case 2 -> { j.top.put("user_id", "\"\""); yield bad("empty value", Rejection.EMPTY_VALUE, j.text()); }
                default -> { j.features.put(j.someFeature(r), "[".repeat(2000) + "]".repeat(2000)); yield bad("deep nesting", Rejection.NOT_JSON, j.text()); }
            });

    private static Bad bad(String kind, String code, String text) {
        return new Bad(kind, code, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** A valid event as editable raw JSON snippets, in the codec's field order. */
    private static final class Json {
        final String id;
        final Map<String, String> top = new LinkedHashMap<>();
        final Map<String, String> features = new LinkedHashMap<>();
        private final ClickEvent event;

        Json(ClickEventCodec codec, ClickEvent t, String id) {
            this.id = id;
            this.event = t;
            top.put("event_id", quote(id));
            top.put("user_id", quote(t.userId()));
            top.put("item_id", quote(t.itemId()));
            top.put("label", Integer.toString(t.label()));
            top.put("event_time", Long.toString(t.eventTimeMillis()));
            top.put("features", null); // written from the map below
            var fields = codec.schema().fields();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).name();
                if (!name.equals(codec.userIdField()) && !name.equals(codec.itemIdField())) {
                    features.put(name, quote(t.values()[i]));
                }
            }
        }

        String rawUser() {
            return event.userId().matches("[0-9]+") ? event.userId() : Integer.toString(Math.abs(event.userId().hashCode()));
        }

        String someFeature(int r) {
            List<String> names = List.copyOf(features.keySet());
            return names.get(r % names.size());
        }

        String text() {
            StringBuilder b = new StringBuilder("{");
            for (var e : top.entrySet()) {
                if (b.length() > 1) b.append(',');
                b.append('"').append(e.getKey()).append("\":");
                if (e.getKey().equals("features") && e.getValue() == null) {
                    StringBuilder f = new StringBuilder("{");
                    for (var fe : features.entrySet()) {
                        if (f.length() > 1) f.append(',');
                        f.append('"').append(fe.getKey()).append("\":").append(fe.getValue());
                    }
                    b.append(f).append('}');
                } else {
                    b.append(e.getValue());
                }
            }
            return b.append('}').toString();
        }

        byte[] bytes() {
            return text().getBytes(StandardCharsets.UTF_8);
        }
    }
}
