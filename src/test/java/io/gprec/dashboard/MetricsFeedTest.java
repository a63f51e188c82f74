package io.gprec.dashboard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsFeedTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordsRunIsItsModelFieldOrRun() {
        assertThat(MetricsFeed.runOf(MetricsFeed.parse(b("{\"model\":\"base\",\"events\":1}")))).isEqualTo("base");
        assertThat(MetricsFeed.runOf(MetricsFeed.parse(b("{\"events\":1}")))).isEqualTo("run");
        assertThat(MetricsFeed.runOf(MetricsFeed.parse(b("{\"model\":7}")))).isEqualTo("run");
        assertThat(MetricsFeed.runOf(MetricsFeed.parse(b("{\"model\":\" \"}")))).isEqualTo("run");
    }

    @Test
    void onlyJsonObjectsAreRecords() {
        assertThat(MetricsFeed.parse(null)).isNull();
        assertThat(MetricsFeed.parse(b("not json"))).isNull();
        assertThat(MetricsFeed.parse(b("[1,2]"))).isNull();
        assertThat(MetricsFeed.parse(b(""))).isNull();
        assertThat(MetricsFeed.parse(b("{\"events\":3}")).get("events").asLong()).isEqualTo(3);
    }
}
