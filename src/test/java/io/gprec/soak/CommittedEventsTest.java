package io.gprec.soak;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommittedEventsTest {
    @Test
    void findsTheEventIdOfAJobRecord() {
        byte[] prediction = "{\"event_id\":\"synthetic-000000042\",\"user_id\":\"7\",\"score\":0.5}".getBytes(StandardCharsets.UTF_8);
        assertThat(CommittedEvents.eventId(prediction)).isEqualTo("synthetic-000000042");
        assertThat(CommittedEvents.eventId("{\"user_id\":\"7\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CommittedEvents.eventId(null)).isNull();
        assertThat(new CommittedEvents.Count(10, 8).duplicates()).isEqualTo(2);
    }
}
