package io.gprec.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.data.Dataset;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files follow the schema-file contract (notes/SCHEMA-FILE.md), checked by reading the JSON with Jackson and
 * joining the CSV files by hand: the joined rows must be exactly the in-memory stream.
 */
class SyntheticFilesTest {
    private static final SyntheticSpec SPEC = SyntheticSpec.defaults().withUsers(300).withItems(200).withEvents(5000)
            .withFields(3, 2).withSeed(11);

    @TempDir
    Path dir;

    @Test
    void schemaFileDescribesTheFilesAndTheJoinGivesTheInMemoryStream() throws IOException {
        SyntheticLayout layout = new SyntheticLayout(new PlantedWorld(SPEC));
        long[] lastProgress = {0};
        SyntheticFiles.Written w = SyntheticFiles.write(layout, dir, n -> lastProgress[0] = n);
        assertThat(w.events()).isEqualTo(5000);
        assertThat(lastProgress[0]).isEqualTo(5000);

        JsonNode s = new ObjectMapper().readTree(dir.resolve(SyntheticFiles.SCHEMA).toFile());
        assertThat(s.path("name").asText()).isEqualTo("synthetic");
        assertThat(s.path("delimiter").asText()).isEqualTo(",");
        assertThat(s.path("header").asBoolean()).isTrue();
        assertThat(s.path("user").asText()).isEqualTo("user_id");
        assertThat(s.path("item").asText()).isEqualTo("item_id");
        assertThat(s.path("label").path("op").asText()).isEqualTo(">=");
        assertThat(s.path("label").path("value").asInt()).isEqualTo(1);
        assertThat(s.path("timestamp").path("unit").asText()).isEqualTo("ms");

        // the fields, in order, are the in-memory schema's; roles spelled in lower case
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : s.path("fields")) {
            fields.add(new Field(f.path("name").asText(), FieldRole.valueOf(f.path("role").asText().toUpperCase())));
        }
        assertThat(fields).isEqualTo(layout.schema().fields());

        Table clicks = Table.read(dir.resolve(s.path("file").asText()));
        Map<String, Table> tables = new HashMap<>();
        for (var it = s.path("tables").fields(); it.hasNext(); ) {
            var e = it.next();
            Table t = Table.read(dir.resolve(e.getValue().path("file").asText()));
            t.index(e.getValue().path("key").asText());
            tables.put(e.getKey(), t);
        }
        assertThat(tables).containsOnlyKeys("users", "items");
        // every referenced column exists in its file
        assertThat(clicks.header).contains(s.path("label").path("column").asText(), s.path("timestamp").path("column").asText());
        for (JsonNode f : s.path("fields")) {
            Table t = f.has("table") ? tables.get(f.path("table").asText()) : clicks;
            assertThat(t.header).as("column of field %s", f.path("name").asText()).contains(f.path("column").asText());
        }
        // the planted group is in users.csv but no field reads it
        assertThat(tables.get("users").header).contains(SyntheticLayout.TRUTH_COLUMN);
        assertThat(s.path("fields").findValuesAsText("column")).doesNotContain(SyntheticLayout.TRUTH_COLUMN);

        Dataset memory = SyntheticDatasets.generate(layout);
        assertThat(clicks.rows).hasSize(memory.interactions().size());
        long previousTs = -1;
        for (int r = 0; r < clicks.rows.size(); r++) {
            String[] row = clicks.rows.get(r);
            Interaction x = memory.interactions().get(r);
            long ts = Long.parseLong(clicks.get(row, "ts"));
            assertThat(ts).isGreaterThan(previousTs);
            previousTs = ts;
            assertThat(ts / 1000).isEqualTo(x.timestamp());
            int label = Integer.parseInt(clicks.get(row, s.path("label").path("column").asText())) >= 1 ? 1 : 0;
            assertThat(label).isEqualTo(x.label());
            String[] joined = new String[fields.size()];
            int j = 0;
            for (JsonNode f : s.path("fields")) {
                String column = f.path("column").asText();
                if (f.has("table")) {
                    Table t = tables.get(f.path("table").asText());
                    String key = clicks.get(row, t.key);
                    joined[j++] = t.get(t.byKey.get(key), column);
                } else {
                    joined[j++] = clicks.get(row, column);
                }
            }
            assertThat(joined).as("row %d", r).containsExactly(x.values());
        }
        Table users = tables.get("users");
        for (String[] u : users.rows) {
            assertThat(Integer.parseInt(users.get(u, SyntheticLayout.TRUTH_COLUMN)))
                    .isEqualTo(layout.plantedGroup(users.get(u, "user_id")));
        }
        assertThat(users.rows).hasSize(SPEC.users());
        assertThat(tables.get("items").rows).hasSize(SPEC.items());

        JsonNode truth = new ObjectMapper().readTree(dir.resolve(SyntheticFiles.TRUTH).toFile());
        assertThat(truth.path("groups").asInt()).isEqualTo(SPEC.groups());
        assertThat(truth.path("home_group_of_cluster")).hasSize(SPEC.clusters());
    }

    /** A plain CSV file with a header: enough for values without quotes. */
    private static final class Table {
        List<String> header;
        final List<String[]> rows = new ArrayList<>();
        final Map<String, String[]> byKey = new HashMap<>();
        String key;

        static Table read(Path file) throws IOException {
            Table t = new Table();
            List<String> lines = Files.readAllLines(file);
            t.header = List.of(lines.get(0).split(",", -1));
            for (String line : lines.subList(1, lines.size())) {
                String[] row = line.split(",", -1);
                assertThat(row).as("row of %s: %s", file.getFileName(), line).hasSize(t.header.size());
                t.rows.add(row);
            }
            return t;
        }

        void index(String keyColumn) {
            key = keyColumn;
            for (String[] r : rows) assertThat(byKey.put(get(r, keyColumn), r)).as("duplicate key").isNull();
        }

        String get(String[] row, String column) {
            int i = header.indexOf(column);
            assertThat(i).as("column %s", column).isNotNegative();
            return row[i];
        }
    }
}
