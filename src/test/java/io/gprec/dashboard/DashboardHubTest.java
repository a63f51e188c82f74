package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardHubTest {
    private static JsonNode record(long events) {
        return JsonNodeFactory.instance.objectNode().put("model", "gprec").put("events", events);
    }

    /** The data of a frame "event: NAME\ndata: JSON\n\n" as JSON, with its name under "_event". */
    private static JsonNode parse(byte[] frame) throws Exception {
        String[] lines = new String(frame, StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("event: ");
        assertThat(lines[1]).startsWith("data: ");
        return ((com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(lines[1].substring(6)))
                .put("_event", lines[0].substring(7));
    }

    private static List<JsonNode> drain(DashboardHub.Listener l) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] f; (f = l.frames.poll()) != null; ) out.add(parse(f));
        return out;
    }

    @Test
    void aLateListenerGetsTheHistoryFirstThenOnlyWhatCameAfter() throws Exception {
        DashboardHub hub = new DashboardHub(100);
        hub.metrics("gprec", record(1000));
        hub.metrics("base", record(1000));
        hub.status("reading t");
        DashboardHub.Listener early = hub.subscribe();
        hub.metrics("gprec", record(2000));
        DashboardHub.Listener late = hub.subscribe();
        hub.metrics("gprec", record(3000));
        hub.heatmap(JsonNodeFactory.instance.objectNode().put("file", "model-000001.gprec"));

        List<JsonNode> lateFrames = drain(late);
        assertThat(lateFrames).extracting(n -> n.get("_event").asText()).containsExactly("history", "metrics", "heatmap");
        JsonNode history = lateFrames.get(0);
        assertThat(history.get("runs").get("gprec").findValues("events")).extracting(JsonNode::asLong).containsExactly(1000L, 2000L);
        assertThat(history.get("runs").get("base").size()).isEqualTo(1);
        assertThat(history.get("status").asText()).isEqualTo("reading t");
        assertThat(history.get("heatmap").isNull()).isTrue();
        assertThat(lateFrames.get(1).get("run").asText()).isEqualTo("gprec");
        assertThat(lateFrames.get(1).get("point").get("events").asLong()).isEqualTo(3000);

        List<JsonNode> earlyFrames = drain(early);
        assertThat(earlyFrames).extracting(n -> n.get("_event").asText()).containsExactly("history", "metrics", "metrics", "heatmap");
        assertThat(hub.state().get("records").asLong()).isEqualTo(4);
        assertThat(hub.state().get("heatmap").get("file").asText()).isEqualTo("model-000001.gprec");
    }

    @Test
    void anUnchangedStatusIsNotSentAgainAndUnsubscribedListenersGetNothing() throws Exception {
        DashboardHub hub = new DashboardHub(10);
        DashboardHub.Listener l = hub.subscribe();
        hub.status("waiting");
        hub.status("waiting");
        assertThat(drain(l)).extracting(n -> n.get("_event").asText()).containsExactly("history", "status");
        hub.unsubscribe(l);
        hub.metrics("gprec", record(1));
        assertThat(l.frames).isEmpty();
        assertThat(hub.listeners()).isZero();
    }

    @Test
    void aListenerThatFallsTooFarBehindIsMarkedSoItsStreamCloses() {
        DashboardHub hub = new DashboardHub(10);
        DashboardHub.Listener l = hub.subscribe();
        for (int i = 0; i < DashboardHub.QUEUE_FRAMES; i++) hub.metrics("gprec", record(i));
        assertThat(l.overflowed).isTrue();
        assertThat(l.frames).hasSize(DashboardHub.QUEUE_FRAMES);
        assertThat(hub.state().get("dropped").asLong()).isEqualTo(DashboardHub.QUEUE_FRAMES - 10);
    }
}
