package io.gprec.cli.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that JsonReport writes readable, ordered, pretty-printed JSON into fresh directories. */
class JsonReportTest {

    @TempDir
    Path dir;

    @Test
    void writesPrettyJsonCreatingParents() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("model", "gprec");
        values.put("auc", 0.8125);
        values.put("examples", 123_456_789_012L);
        values.put("converged", true);
        values.put("nan", Double.NaN);
        values.put("per_day", Map.of("day1", 0.7));
        Path file = dir.resolve("a/b/report.json");

        JsonReport.write(file, values);

        String text = Files.readString(file);
        assertThat(text).contains(System.lineSeparator() + "  \"model\" : \"gprec\"");
        assertThat(text.indexOf("\"model\"")).isLessThan(text.indexOf("\"auc\""));
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("model").asText()).isEqualTo("gprec");
        assertThat(json.get("auc").asDouble()).isEqualTo(0.8125);
        assertThat(json.get("examples").asLong()).isEqualTo(123_456_789_012L);
        assertThat(json.get("converged").asBoolean()).isTrue();
        assertThat(json.get("nan").asText()).isEqualTo("NaN");
        assertThat(json.get("per_day").get("day1").asDouble()).isEqualTo(0.7);
    }

    @Test
    void overwritesAnExistingReport() throws Exception {
        Path file = dir.resolve("report.json");
        JsonReport.write(file, Map.of("run", 1, "extra", "x"));
        JsonReport.write(file, Map.of("run", 2));
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.get("run").asInt()).isEqualTo(2);
        assertThat(json.has("extra")).isFalse();
    }
}
