package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsHistoryTest {
    private static JsonNode record(long events) {
        return JsonNodeFactory.instance.objectNode().put("events", events);
    }

    @Test
    void keepsTheNewestRecordsPerRunInOrderAndCountsWhatItDropped() {
        MetricsHistory h = new MetricsHistory(3);
        for (long e = 1; e <= 5; e++) h.add("gprec", record(e * 100));
        h.add("base", record(7));
        assertThat(h.size("gprec")).isEqualTo(3);
        assertThat(h.size("base")).isEqualTo(1);
        assertThat(h.size("nope")).isZero();
        assertThat(h.dropped()).isEqualTo(2);
        JsonNode json = h.toJson();
        assertThat(json.properties()).extracting(e -> e.getKey()).containsExactly("gprec", "base");
        assertThat(json.get("gprec").findValues("events")).extracting(JsonNode::asLong).containsExactly(300L, 400L, 500L);
        assertThat(json.get("base").get(0).get("events").asLong()).isEqualTo(7);
    }

    @Test
    void onlyTheNewestRecordOfARunKeepsItsGroupArrays() {
        MetricsHistory h = new MetricsHistory(10);
        for (long e = 1; e <= 3; e++) {
            com.fasterxml.jackson.databind.node.ObjectNode r = JsonNodeFactory.instance.objectNode().put("events", e);
            r.putArray("group_counts").add(e);
            r.putArray("group_auc").add(0.5);
            h.add("gprec", r);
        }
        JsonNode points = h.toJson().get("gprec");
        assertThat(points.size()).isEqualTo(3);
        assertThat(points.get(0).has("group_counts")).isFalse();
        assertThat(points.get(1).has("group_auc")).isFalse();
        assertThat(points.get(1).get("events").asLong()).isEqualTo(2);
        assertThat(points.get(2).get("group_counts").get(0).asLong()).isEqualTo(3);
        assertThat(points.get(2).get("group_auc").get(0).asDouble()).isEqualTo(0.5);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new MetricsHistory(0)).hasMessage("history capacity must be > 0, got 0");
    }
}
