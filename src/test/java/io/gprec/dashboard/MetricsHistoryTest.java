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
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new MetricsHistory(0)).hasMessage("history capacity must be > 0, got 0");
    }
}
