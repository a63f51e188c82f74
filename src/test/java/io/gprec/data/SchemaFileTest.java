package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema files: JSON and YAML give the same schema; every mistake is one line naming the key. */
class SchemaFileTest {

    static final String JSON = SchemaFixtures.SYNTHETIC_JSON;

    static final String YAML = """
            name: synthetic
            file: clicks.csv
            delimiter: ","
            header: true
            fields:
              - {name: user_id, column: user_id, role: personal}
              - {name: item_id, column: item_id, role: item}
              - {name: u_cluster, column: segment, role: user, table: users}
              - {name: i_cat, column: category, role: item, table: items}
            label: {column: click, op: ">=", value: 1}
            timestamp: {column: ts, unit: s}
            user: user_id
            item: item_id
            tables:
              users: {file: users.csv, key: user_id, delimiter: ","}
              items: {file: items.csv, key: item_id}
            """;

    @TempDir
    Path dir;

    @Test
    void jsonAndYamlDescribeTheSameDataset() throws IOException {
        SchemaFile json = SchemaFile.load(write("s.json", JSON), null);
        SchemaFile yaml = SchemaFile.load(write("s.yaml", YAML), null);
        for (SchemaFile s : List.of(json, yaml)) {
            assertThat(s.name()).isEqualTo("synthetic");
            assertThat(s.main().file()).isEqualTo(dir.resolve("clicks.csv").toAbsolutePath().normalize());
            assertThat(s.datasetSchema()).isEqualTo(new DatasetSchema(List.of(new Field("user_id", FieldRole.PERSONAL),
                    new Field("item_id", FieldRole.ITEM), new Field("u_cluster", FieldRole.USER), new Field("i_cat", FieldRole.ITEM))));
            assertThat(s.label()).isEqualTo(new LabelRule("click", ">=", 1));
            assertThat(s.time()).contains(new SchemaFile.TimeSpec("ts", 1000));
            assertThat(s.tables().get("items").file().file().getFileName().toString()).isEqualTo("items.csv");
            assertThat(s.userField()).isEqualTo("user_id");
            assertThat(s.itemField()).isEqualTo("item_id");
        }
        assertThat(yaml.fields()).isEqualTo(json.fields());
    }

    @Test
    void dataDirOverridesTheSchemaFolder() throws IOException {
        Path other = Files.createDirectories(dir.resolve("data"));
        SchemaFile s = SchemaFile.load(write("s.json", JSON), other);
        assertThat(s.main().file()).isEqualTo(other.resolve("clicks.csv").normalize());
    }

    @Test
    void mistakesAreOneLineNamingTheKey() throws IOException {
        assertFails(JSON.replace("\"role\": \"user\"", "\"role\": \"customer\""), "fields[2].role", "customer");
        assertFails(JSON.replace("\"user\": \"user_id\"", "\"user\": \"uid\""), "\"user\" names the field 'uid'");
        assertFails(JSON.replace("\"table\": \"items\"", "\"table\": \"videos\""), "fields[3].table", "videos");
        assertFails(JSON.replace("\"op\": \">=\"", "\"op\": \"=>\""), "\"label\"", "=>");
        assertFails(JSON.replace("\"unit\": \"s\"", "\"unit\": \"us\""), "timestamp.unit", "us");
        assertFails(JSON.replace("\"header\": true", "\"headers\": true"), "unknown key \"headers\"");
        assertFails(JSON.replace("\"item\": \"item_id\"", "\"item\": \"u_cluster\""), "must have role item");
        assertFails(JSON.replace("\"header\": true", "\"header\": false"), "needs \"columns\"");
        assertFails("{\"name\": ", "is not valid JSON");
    }

    @Test
    void labelRulesCompareNumerically() {
        assertThat(new LabelRule("r", ">=", 4).apply("4")).isEqualTo(1);
        assertThat(new LabelRule("r", ">=", 4).apply("3.5")).isEqualTo(0);
        assertThat(new LabelRule("r", "==", 1).apply("1.0")).isEqualTo(1);
        assertThat(new LabelRule("r", "!=", 0).apply("0")).isEqualTo(0);
        assertThat(new LabelRule("r", "<", 2).apply("1")).isEqualTo(1);
        assertThat(new LabelRule("r", "<=", 2).apply("3")).isEqualTo(0);
        assertThat(new LabelRule("r", ">", 2).apply("3")).isEqualTo(1);
        assertThatThrownBy(() -> new LabelRule("r", ">", 2).apply("yes")).hasMessageContaining("'r' is not a number");
    }

    private void assertFails(String text, String... parts) throws IOException {
        Path f = write("bad.json", text);
        assertThatThrownBy(() -> SchemaFile.load(f, null))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("schema file " + f)
                .hasMessageContainingAll(parts)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
