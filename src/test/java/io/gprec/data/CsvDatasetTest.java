package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic CSV reader: joins, unknown values, header checks before reading, bad rows. */
class CsvDatasetTest {

    @TempDir
    Path dir;

    record Row(List<String> values, int label, long time) {
    }

    @Test
    void joinsSideTablesAndDerivesLabelAndTime() throws IOException {
        writeSynthetic("""
                ts,user_id,item_id,click,extra
                100,u1,i1,1,x
                101,u2,i2,0,"a,b"
                102,u3,i1,2,y
                """);
        CsvDataset data = CsvDataset.open(SchemaFile.load(schema(SchemaFileTest.JSON), null));
        List<Row> rows = readAll(data, new BadRows(false, null));
        assertThat(rows).containsExactly(
                new Row(List.of("u1", "i1", "s1", "c1"), 1, 100_000),
                new Row(List.of("u2", "i2", "s2", CsvDataset.UNKNOWN), 0, 101_000), // i2 has no item row
                new Row(List.of("u3", "i1", CsvDataset.UNKNOWN, "c1"), 1, 102_000)); // u3's segment is empty
        assertThat(data.missingValues()).isEqualTo(2);
        assertThat(data.countRows()).isEqualTo(3);
    }

    @Test
    void aColumnMissingFromAHeaderFailsAtOpenNamingColumnAndFile() throws IOException {
        writeSynthetic("ts,user_id,item_id,clicked\n100,u1,i1,1\n");
        SchemaFile s = SchemaFile.load(schema(SchemaFileTest.JSON), null);
        assertThatThrownBy(() -> CsvDataset.open(s)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("column 'click' (label.column) is not in " + dir.resolve("clicks.csv"));

        writeSynthetic("ts,user_id,item_id,click\n100,u1,i1,1\n");
        SchemaFile wrongSide = SchemaFile.load(schema(SchemaFileTest.JSON.replace("\"column\": \"category\"",
                "\"column\": \"genre\"")), null);
        assertThatThrownBy(() -> CsvDataset.open(wrongSide)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("column 'genre'").hasMessageContaining(dir.resolve("items.csv").toString());
    }

    @Test
    void badRowsAreCountedWithLineNumbersAndSkippedOrAbortUnderStrict() throws IOException {
        writeSynthetic("""
                ts,user_id,item_id,click
                100,u1,i1,1
                101,u2,i2
                102,u3,i1,yes
                oops,u3,i1,1

                103,,i1,1
                104,u2,"i2,1
                105,u2,i2,0
                """);
        CsvDataset data = CsvDataset.open(SchemaFile.load(schema(SchemaFileTest.JSON), null));
        List<String> reported = new ArrayList<>();
        BadRows bad = new BadRows(false, reported::add);
        List<Row> rows = readAll(data, bad);
        assertThat(rows).extracting(Row::time).containsExactly(100_000L, 105_000L);
        assertThat(bad.count()).isEqualTo(5);
        assertThat(reported).hasSize(BadRows.REPORTED).allSatisfy(m -> assertThat(m).startsWith(dir.resolve("clicks.csv") + " line "));
        assertThat(reported.get(0)).contains("line 3:").contains("has 3 columns, the header has 4");
        assertThat(reported.get(1)).contains("line 4:").contains("label column 'click' is not a number: 'yes'");
        assertThat(reported.get(2)).contains("line 5:").contains("timestamp is not a number");
        assertThat(reported.get(3)).contains("line 7:").contains("user id field 'user_id' is empty");
        assertThat(reported.get(4)).contains("line 8:").contains("unclosed quote");

        BadRows strict = new BadRows(true, null);
        assertThatThrownBy(() -> readAll(data, strict)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("bad row (--strict): " + dir.resolve("clicks.csv") + " line 3:");
    }

    @Test
    void headerlessFilesWithAMultiCharDelimiterAndLatin1() throws IOException {
        Files.write(dir.resolve("ratings.dat"), "1::10::5::978300760\n2::20::3::978300761\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("movies.dat"), "10::Caf\u00e9 (1999)::Drama\n".getBytes(StandardCharsets.ISO_8859_1));
        Path s = Files.writeString(dir.resolve("ml.yaml"), """
                name: ml
                file: ratings.dat
                delimiter: "::"
                header: false
                columns: [user_id, movie_id, rating, timestamp]
                fields:
                  - {name: user_id, role: personal}
                  - {name: movie_id, role: item}
                  - {name: title, role: item, table: movies}
                label: {column: rating, op: ">=", value: 4}
                timestamp: {column: timestamp, unit: s}
                user: user_id
                item: movie_id
                tables:
                  movies: {file: movies.dat, key: movie_id, delimiter: "::", header: false, encoding: ISO-8859-1,
                           columns: [movie_id, title, genres]}
                """);
        List<Row> rows = readAll(CsvDataset.open(SchemaFile.load(s, null)), new BadRows(true, null));
        assertThat(rows).containsExactly(new Row(List.of("1", "10", "Caf\u00e9 (1999)"), 1, 978_300_760_000L),
                new Row(List.of("2", "20", CsvDataset.UNKNOWN), 0, 978_300_761_000L));
    }

    @Test
    void withoutATimestampTheDataRowNumberIsTheTime() throws IOException {
        Files.writeString(dir.resolve("c.tsv"), "u\ti\tclick\na\tb\t1\n\nc\td\t0\n");
        Path s = Files.writeString(dir.resolve("s.json"), """
                {"name": "t", "file": "c.tsv", "delimiter": "\\t",
                 "fields": [{"name": "u", "role": "personal"}, {"name": "i", "role": "item"}],
                 "label": {"column": "click", "op": "==", "value": 1}, "user": "u", "item": "i"}
                """);
        assertThat(readAll(CsvDataset.open(SchemaFile.load(s, null)), new BadRows(true, null)))
                .extracting(Row::time).containsExactly(1L, 2L);
    }

    private void writeSynthetic(String clicks) throws IOException {
        Files.writeString(dir.resolve("clicks.csv"), clicks);
        Files.writeString(dir.resolve("users.csv"), "user_id,segment\nu1,s1\nu2,s2\nu3,\n");
        Files.writeString(dir.resolve("items.csv"), "category,item_id\nc1,i1\nc3,i3\n");
    }

    private Path schema(String text) throws IOException {
        return Files.writeString(dir.resolve("schema.json"), text);
    }

    static List<Row> readAll(CsvDataset data, BadRows bad) {
        List<Row> rows = new ArrayList<>();
        data.forEach((values, label, time) -> rows.add(new Row(Arrays.asList(values), label, time)), bad);
        return rows;
    }
}
