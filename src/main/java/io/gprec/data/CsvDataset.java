package io.gprec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generic CSV/TSV dataset as its {@link SchemaFile} describes it. {@link #open} checks every referenced column
 * against the headers and loads the side tables, so a schema that does not match the data fails before a single
 * event is produced; {@link #forEach} then streams the main file row by row (only the side tables are held in
 * memory).
 *
 * <p>Row rules: the label comes from the schema's rule, the time from the timestamp column (s or ms), or the
 * 1-based data row number (as milliseconds) when the schema has none. An empty value, or a side-table field whose
 * key has no row, becomes {@value #UNKNOWN} and is counted in {@link #missingValues()}; an empty user or item id,
 * a wrong column count, a non-numeric label or a bad timestamp makes the row bad ({@link BadRows}).
 */
public final class CsvDataset {

    /** Stands for an empty or missing value: click events never carry empty strings. */
    public static final String UNKNOWN = "unknown";

    /** Receives one good row; values are in schema order and owned by the callee. Return false to stop. */
    @FunctionalInterface
    public interface RowSink {
        boolean accept(String[] values, int label, long timeMillis);
    }

    private final SchemaFile schema;
    private final int width;
    /** Per schema field: column index in the main file, or -1 for a side-table field. */
    private final int[] mainColumn;
    /** Per schema field: the side table's rows (key -> needed values) and the index in those values, else null. */
    private final Map<String, String[]>[] sideRows;
    private final int[] sideIndex;
    /** Per schema field with a table: the main-file column holding the join key. */
    private final int[] keyColumn;
    private final int labelColumn;
    private final int timeColumn;
    private final int userField;
    private final int itemField;
    private long missingValues;

    private CsvDataset(SchemaFile schema, List<String> header, Map<String, Map<String, String[]>> tables,
                       Map<String, List<String>> tableColumns) {
        this.schema = schema;
        List<SchemaFile.FieldSpec> fields = schema.fields();
        this.width = header.size();
        this.mainColumn = new int[fields.size()];
        @SuppressWarnings("unchecked")
        Map<String, String[]>[] side = new Map[fields.size()];
        this.sideRows = side;
        this.sideIndex = new int[fields.size()];
        this.keyColumn = new int[fields.size()];
        Path file = schema.main().file();
        for (int i = 0; i < fields.size(); i++) {
            SchemaFile.FieldSpec f = fields.get(i);
            if (f.table() == null) {
                mainColumn[i] = column(header, f.column(), file, "fields[" + i + "].column");
                keyColumn[i] = -1;
            } else {
                SchemaFile.TableSpec t = schema.tables().get(f.table());
                mainColumn[i] = -1;
                sideRows[i] = tables.get(f.table());
                sideIndex[i] = tableColumns.get(f.table()).indexOf(f.column());
                keyColumn[i] = column(header, t.key(), file, "tables." + t.name() + ".key (the join column)");
            }
        }
        this.labelColumn = column(header, schema.label().column(), file, "label.column");
        this.timeColumn = schema.time().map(t -> column(header, t.column(), file, "timestamp.column")).orElse(-1);
        this.userField = schema.datasetSchema().indexOf(schema.userField());
        this.itemField = schema.datasetSchema().indexOf(schema.itemField());
    }

    /**
     * Checks the schema against the files' headers and loads the side tables.
     *
     * @throws DatasetException naming the missing file or the column and file that do not match
     */
    public static CsvDataset open(SchemaFile schema) {
        Objects.requireNonNull(schema, "schema");
        List<String> header = header(schema.main());
        // Which columns each side table must provide, in first-use order.
        Map<String, List<String>> tableColumns = new HashMap<>();
        for (SchemaFile.FieldSpec f : schema.fields()) {
            if (f.table() != null) {
                List<String> cols = tableColumns.computeIfAbsent(f.table(), k -> new ArrayList<>());
                if (!cols.contains(f.column())) {
                    cols.add(f.column());
                }
            }
        }
        // Main-file columns first: a wrong name there is the likeliest mistake and the cheapest to report.
        new CsvDataset(schema, header, Map.of(), tableColumns);
        Map<String, Map<String, String[]>> tables = new HashMap<>();
        for (Map.Entry<String, List<String>> e : tableColumns.entrySet()) {
            tables.put(e.getKey(), loadTable(schema.tables().get(e.getKey()), e.getValue()));
        }
        return new CsvDataset(schema, header, tables, tableColumns);
    }

    public SchemaFile schemaFile() {
        return schema;
    }

    public DatasetSchema schema() {
        return schema.datasetSchema();
    }

    /** Empty values and side-table misses replaced by {@value #UNKNOWN} so far. */
    public long missingValues() {
        return missingValues;
    }

    /** The number of non-blank data lines of the main file (a quick pass, for progress and ETA). */
    public long countRows() {
        long lines = 0;
        boolean blank = true;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(schema.main().file())) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!blank) {
                            lines++;
                        }
                        blank = true;
                    } else if (b != '\r' && b != ' ' && b != '\t') {
                        blank = false;
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read " + schema.main().file() + ": " + e, e);
        }
        if (!blank) {
            lines++;
        }
        return Math.max(0, lines - (schema.main().header() ? 1 : 0));
    }

    /**
     * Streams the main file's rows in file order to {@code sink} until it returns false or the file ends; bad rows
     * go to {@code bad} with their file and line number.
     */
    public void forEach(RowSink sink, BadRows bad) {
        SchemaFile.FileSpec main = schema.main();
        List<String> cells = new ArrayList<>(width);
        LabelRule rule = schema.label();
        long timeFactor = schema.time().map(SchemaFile.TimeSpec::millisPerUnit).orElse(0L);
        int size = mainColumn.length;
        long[] dataRow = {0};
        forEachLine(main, (lineNumber, line) -> {
            dataRow[0]++;
            String[] values = new String[size];
            int label;
            long time;
            try {
                CsvLine.split(line, main.delimiter(), cells);
                if (cells.size() != width) {
                    throw new LineFormatException("has " + cells.size() + " columns, the header has " + width);
                }
                label = rule.apply(cells.get(labelColumn));
                time = timeColumn < 0 ? dataRow[0] : millis(cells.get(timeColumn), timeFactor);
                for (int i = 0; i < size; i++) {
                    values[i] = value(i, cells);
                }
            } catch (LineFormatException e) {
                bad.add(main.file() + " line " + lineNumber + ": " + e.getMessage());
                return true;
            }
            return sink.accept(values, label, time);
        });
    }

    /** Receives one non-blank data line (header skipped) and its 1-based line number; false stops the reading. */
    @FunctionalInterface
    private interface LineVisitor {
        boolean visit(long lineNumber, String line);
    }

    /** The one place that reads a file of the schema: skips the header and blank lines, reports I/O errors. */
    private static void forEachLine(SchemaFile.FileSpec spec, LineVisitor visitor) {
        long lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(spec.file(), spec.encoding())) {
            String line;
            if (spec.header()) {
                in.readLine();
                lineNumber++;
            }
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank() && !visitor.visit(lineNumber, line)) {
                    return;
                }
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException("missing file: " + spec.file(), e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + spec.file() + " (after line " + lineNumber + "): " + e, e);
        }
    }

    private String value(int field, List<String> cells) {
        String v;
        if (mainColumn[field] >= 0) {
            v = cells.get(mainColumn[field]);
        } else {
            String[] row = sideRows[field].get(cells.get(keyColumn[field]));
            v = row == null ? "" : row[sideIndex[field]];
        }
        if (v.isEmpty()) {
            if (field == userField || field == itemField) {
                throw new LineFormatException((field == userField ? "user" : "item") + " id field '"
                        + schema.fields().get(field).name() + "' is empty");
            }
            missingValues++;
            return UNKNOWN;
        }
        return v;
    }

    private static long millis(String raw, long factor) {
        String s = raw.trim();
        long t;
        try {
            t = Long.parseLong(s);
        } catch (NumberFormatException notInteger) {
            double d;
            try {
                d = Double.parseDouble(s); // e.g. 1.650485801301e12 from a pandas export
            } catch (NumberFormatException e) {
                throw new LineFormatException("timestamp is not a number: '" + raw + "'");
            }
            if (!Double.isFinite(d) || d < 0 || d * factor > Long.MAX_VALUE) {
                throw new LineFormatException("timestamp out of range: '" + raw + "'");
            }
            return Math.round(d * factor);
        }
        if (t < 0 || t > Long.MAX_VALUE / factor) {
            throw new LineFormatException("timestamp out of range: '" + raw + "'");
        }
        return t * factor;
    }

    private static List<String> header(SchemaFile.FileSpec spec) {
        if (!spec.header()) {
            return spec.columns();
        }
        try (BufferedReader in = Files.newBufferedReader(spec.file(), spec.encoding())) {
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                throw new DatasetException(spec.file() + " is empty: expected a header line with the column names");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1); // a UTF-8 byte order mark from spreadsheet exports
            }
            List<String> cols = new ArrayList<>();
            try {
                CsvLine.split(line, spec.delimiter(), cols);
            } catch (LineFormatException e) {
                throw new DatasetException(spec.file() + " line 1 (header): " + e.getMessage());
            }
            cols.replaceAll(String::trim);
            return cols;
        } catch (NoSuchFileException e) {
            throw new DatasetException("missing file: " + spec.file());
        } catch (IOException e) {
            throw new DatasetException("cannot read " + spec.file() + ": " + e, e);
        }
    }

    private static int column(List<String> header, String name, Path file, String key) {
        int i = header.indexOf(name);
        if (i < 0) {
            String shown = header.size() <= 30 ? header.toString() : header.subList(0, 30) + "...";
            throw new DatasetException("column '" + name + "' (" + key + ") is not in " + file + "; its columns: " + shown);
        }
        return i;
    }

    /** key -> the needed columns' values; the first row of a repeated key wins. Bad side rows abort: they are few. */
    private static Map<String, String[]> loadTable(SchemaFile.TableSpec t, List<String> needed) {
        SchemaFile.FileSpec spec = t.file();
        List<String> header = header(spec);
        int key = column(header, t.key(), spec.file(), "tables." + t.name() + ".key");
        int[] cols = new int[needed.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = column(header, needed.get(i), spec.file(), "a field of table '" + t.name() + "'");
        }
        Map<String, String[]> rows = new HashMap<>();
        List<String> cells = new ArrayList<>(header.size());
        forEachLine(spec, (lineNumber, line) -> {
            try {
                CsvLine.split(line, spec.delimiter(), cells);
            } catch (LineFormatException e) {
                throw new DatasetException(spec.file() + " line " + lineNumber + ": " + e.getMessage());
            }
            if (cells.size() != header.size()) {
                throw new DatasetException(spec.file() + " line " + lineNumber + ": has " + cells.size()
                        + " columns, the header has " + header.size());
            }
            String[] values = new String[cols.length];
            for (int i = 0; i < cols.length; i++) {
                values[i] = cells.get(cols[i]);
            }
            rows.putIfAbsent(cells.get(key), values);
            return true;
        });
        return rows;
    }
}
