package io.gprec.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A generic dataset described by a schema file (JSON, or YAML with the same structure): the interaction
 * file, its model fields, the label rule, the timestamp and optional side tables. The format is
 * docs/DATASETS.md "Schema files"; this class only parses and checks the file itself, {@link CsvDataset}
 * checks it against the data.
 */
public final class SchemaFile {

    private static final Set<String> TOP_KEYS = Set.of("name", "file", "delimiter", "header", "columns", "encoding",
            "fields", "label", "timestamp", "user", "item", "tables");
    private static final Set<String> FIELD_KEYS = Set.of("name", "column", "role", "table");
    private static final Set<String> TABLE_KEYS = Set.of("file", "key", "delimiter", "header", "columns", "encoding");

    /** One model field: feature {@code name}, the {@code column} it comes from, its role, and its side table or null. */
    public record FieldSpec(String name, String column, FieldRole role, String table) {
    }

    /** How a text file is split: the file, its delimiter, its column names (from the header or the schema). */
    public record FileSpec(Path file, String delimiter, boolean header, List<String> columns, Charset encoding) {
    }

    /** A side table: its file and the key column, joined on the main-file column of the same name. */
    public record TableSpec(String name, FileSpec file, String key) {
    }

    /** Timestamp column and its unit (multiplier to milliseconds). */
    public record TimeSpec(String column, long millisPerUnit) {
    }

    private final Path source;
    private final String name;
    private final FileSpec main;
    private final List<FieldSpec> fields;
    private final LabelRule label;
    private final TimeSpec time;
    private final String userField;
    private final String itemField;
    private final Map<String, TableSpec> tables;
    private final DatasetSchema schema;

    private SchemaFile(Path source, String name, FileSpec main, List<FieldSpec> fields, LabelRule label, TimeSpec time,
                       String userField, String itemField, Map<String, TableSpec> tables) {
        this.source = source;
        this.name = name;
        this.main = main;
        this.fields = List.copyOf(fields);
        this.label = label;
        this.time = time;
        this.userField = userField;
        this.itemField = itemField;
        this.tables = Map.copyOf(tables);
        List<Field> model = new ArrayList<>();
        for (FieldSpec f : fields) {
            model.add(new Field(f.name(), f.role()));
        }
        try {
            this.schema = new DatasetSchema(model);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    /** Reads a schema file; relative data paths resolve against {@code dataDir}, or the schema's folder if null. */
    public static SchemaFile load(Path file, Path dataDir) {
        Objects.requireNonNull(file, "file");
        boolean yaml = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.ya?ml");
        ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        mapper.enable(JsonParser.Feature.ALLOW_COMMENTS);
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new DatasetException("schema file not found: " + file);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new DatasetException("schema file " + file + " is not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + msg.replace('\n', ' '));
        }
        Path base = dataDir != null ? dataDir : Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        return new Parser(file, base).parse(root);
    }

    public Path source() {
        return source;
    }

    /** The dataset name, used as the event-id prefix. */
    public String name() {
        return name;
    }

    public FileSpec main() {
        return main;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public LabelRule label() {
        return label;
    }

    /** The timestamp, or empty when events are timed by their data row number. */
    public Optional<TimeSpec> time() {
        return Optional.ofNullable(time);
    }

    public String userField() {
        return userField;
    }

    public String itemField() {
        return itemField;
    }

    public Map<String, TableSpec> tables() {
        return tables;
    }

    /** The model fields in file order, as the streaming job and the trainer see them. */
    public DatasetSchema datasetSchema() {
        return schema;
    }

    private DatasetException fail(String problem) {
        return new DatasetException("schema file " + source + ": " + problem);
    }

    /** Turns the JSON tree into a checked SchemaFile; every message names the offending key. */
    private static final class Parser {
        private final Path source;
        private final Path base;

        Parser(Path source, Path base) {
            this.source = source;
            this.base = base;
        }

        SchemaFile parse(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw fail("expected an object at the top level");
            }
            unknownKeys(root, TOP_KEYS, "");
            String name = text(root, "name", "");
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw fail("\"name\" must be letters, digits, '.', '_' or '-' (it prefixes event ids), got '" + name + "'");
            }
            FileSpec main = fileSpec(root, "");
            Map<String, TableSpec> tables = new LinkedHashMap<>();
            JsonNode t = root.get("tables");
            if (t != null) {
                if (!t.isObject()) {
                    throw fail("\"tables\" must be an object of name -> {file, key}");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String where = "tables." + e.getKey() + ".";
                    if (!e.getValue().isObject()) {
                        throw fail("\"" + where + "\" must be an object with file and key");
                    }
                    unknownKeys(e.getValue(), TABLE_KEYS, where);
                    tables.put(e.getKey(), new TableSpec(e.getKey(), fileSpec(e.getValue(), where), text(e.getValue(), "key", where)));
                }
            }
            JsonNode f = root.get("fields");
            if (f == null || !f.isArray() || f.isEmpty()) {
                throw fail("\"fields\" must be a non-empty list of {name, column, role[, table]}");
            }
            List<FieldSpec> fields = new ArrayList<>();
            for (int i = 0; i < f.size(); i++) {
                JsonNode node = f.get(i);
                String where = "fields[" + i + "].";
                if (!node.isObject()) {
                    throw fail("\"" + where + "\" must be an object");
                }
                unknownKeys(node, FIELD_KEYS, where);
                String fieldName = text(node, "name", where);
                String column = node.has("column") ? text(node, "column", where) : fieldName;
                FieldRole role = role(text(node, "role", where), where);
                String table = node.has("table") ? text(node, "table", where) : null;
                if (table != null && !tables.containsKey(table)) {
                    throw fail("\"" + where + "table\" names the table '" + table + "', which \"tables\" does not define; defined: "
                            + tables.keySet());
                }
                fields.add(new FieldSpec(fieldName, column, role, table));
            }
            LabelRule label = label(root);
            TimeSpec time = time(root);
            String user = text(root, "user", "");
            String item = text(root, "item", "");
            FieldSpec userSpec = field(fields, user, "user");
            FieldSpec itemSpec = field(fields, item, "item");
            if (userSpec.role() == FieldRole.ITEM) {
                throw fail("\"user\" field '" + user + "' must have role personal or user, not item");
            }
            if (itemSpec.role() != FieldRole.ITEM) {
                throw fail("\"item\" field '" + item + "' must have role item, not " + itemSpec.role().name().toLowerCase(Locale.ROOT));
            }
            return new SchemaFile(source, name, main, fields, label, time, user, item, tables);
        }

        private FileSpec fileSpec(JsonNode node, String where) {
            Path file = base.resolve(text(node, "file", where)).normalize();
            String delimiter = node.has("delimiter") ? node.get("delimiter").asText() : ",";
            if (delimiter.isEmpty() || delimiter.contains("\"") || delimiter.contains("\n")) {
                throw fail("\"" + where + "delimiter\" must be a non-empty string without quotes or newlines, got '" + delimiter + "'");
            }
            boolean header = !node.has("header") || bool(node, "header", where);
            List<String> columns = new ArrayList<>();
            JsonNode cols = node.get("columns");
            if (cols != null) {
                if (header) {
                    throw fail("\"" + where + "columns\" is only for files without a header; set \"header\": false or drop it");
                }
                if (!cols.isArray() || cols.isEmpty()) {
                    throw fail("\"" + where + "columns\" must be a non-empty list of column names");
                }
                cols.forEach(c -> columns.add(c.asText()));
            } else if (!header) {
                throw fail("\"" + where + "header\": false needs \"" + where + "columns\" (the column names in file order)");
            }
            Charset encoding;
            try {
                encoding = node.has("encoding") ? Charset.forName(node.get("encoding").asText()) : StandardCharsets.UTF_8;
            } catch (IllegalArgumentException e) {
                throw fail("\"" + where + "encoding\" is not a known charset: '" + node.get("encoding").asText() + "'");
            }
            return new FileSpec(file, delimiter, header, columns, encoding);
        }

        private LabelRule label(JsonNode root) {
            JsonNode l = root.get("label");
            if (l == null || !l.isObject()) {
                throw fail("\"label\" must be an object {column, op, value}, e.g. {\"column\": \"rating\", \"op\": \">=\", \"value\": 4}");
            }
            unknownKeys(l, Set.of("column", "op", "value"), "label.");
            JsonNode v = l.get("value");
            if (v == null || !v.isNumber()) {
                throw fail("\"label.value\" must be a number");
            }
            try {
                return new LabelRule(text(l, "column", "label."), text(l, "op", "label."), v.asDouble());
            } catch (IllegalArgumentException e) {
                throw fail("\"label\": " + e.getMessage());
            }
        }

        private TimeSpec time(JsonNode root) {
            JsonNode t = root.get("timestamp");
            if (t == null || t.isNull()) {
                return null;
            }
            if (!t.isObject()) {
                throw fail("\"timestamp\" must be an object {column, unit}");
            }
            unknownKeys(t, Set.of("column", "unit"), "timestamp.");
            String unit = t.has("unit") ? text(t, "unit", "timestamp.") : "s";
            long factor = switch (unit) {
                case "s" -> 1000L;
                case "ms" -> 1L;
                default -> throw fail("\"timestamp.unit\" must be s or ms, got '" + unit + "'");
            };
            return new TimeSpec(text(t, "column", "timestamp."), factor);
        }

        private FieldSpec field(List<FieldSpec> fields, String name, String key) {
            for (FieldSpec f : fields) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            throw fail("\"" + key + "\" names the field '" + name + "', which is not in \"fields\"");
        }

        private FieldRole role(String raw, String where) {
            for (FieldRole r : FieldRole.values()) {
                if (r.name().equalsIgnoreCase(raw)) {
                    return r;
                }
            }
            throw fail("\"" + where + "role\" must be personal, user or item, got '" + raw + "'");
        }

        private String text(JsonNode node, String key, String where) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
                throw fail("\"" + where + key + "\" is missing or empty");
            }
            return v.asText();
        }

        private boolean bool(JsonNode node, String key, String where) {
            JsonNode v = node.get(key);
            if (!v.isBoolean()) {
                throw fail("\"" + where + key + "\" must be true or false, got " + v);
            }
            return v.asBoolean();
        }

        private void unknownKeys(JsonNode node, Set<String> known, String where) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!known.contains(k)) {
                    throw fail("unknown key \"" + where + k + "\"; known: " + new java.util.TreeSet<>(known));
                }
            }
        }

        private DatasetException fail(String problem) {
            return new DatasetException("schema file " + source + ": " + problem);
        }
    }
}
