package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.gprec.model.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The heatmap from real model snapshot files as the trainer writes them. */
class SnapshotWatcherTest {
    @Test
    void theNewestSnapshotIsTheHighestCheckpointIdAndOtherFilesAreIgnored(@TempDir Path dir) throws Exception {
        assertThat(SnapshotWatcher.newest(dir.resolve("missing"))).isEmpty();
        for (String name : new String[]{"model-000009.gprec", "model-000010.gprec", "model-000011.gprec.tmp", "best.gprec",
                "model-x.gprec", "model-99999999999999999999.gprec"}) {
            Files.writeString(dir.resolve(name), "");
        }
        assertThat(SnapshotWatcher.newest(dir)).hasValue(dir.resolve("model-000010.gprec"));
    }

    @Test
    void aGprecSnapshotBecomesTheCosineMatrixOfItsPositiveAndNegativeGroupEmbeddings(@TempDir Path dir) throws Exception {
        PrequentialRun run = new PrequentialRun(ModelKind.GPREC, 3);
        for (int i = 0; i < 3; i++) run.step(1000L * i);
        JsonNode h = SnapshotWatcher.heatmap(run.snapshot(dir, 12));
        int g = PrequentialRun.GROUPS;
        assertThat(h.get("file").asText()).isEqualTo("model-000012.gprec");
        assertThat(h.get("checkpoint").asLong()).isEqualTo(12);
        assertThat(h.get("step").asLong()).isEqualTo(3);
        assertThat(h.get("kind").asText()).isEqualTo("gprec");
        assertThat(h.get("groups").asInt()).isEqualTo(g);
        assertThat(h.get("dual").asBoolean()).isTrue();
        assertThat(h.get("labels").get(0).asText()).isEqualTo("p1");
        assertThat(h.get("labels").get(g).asText()).isEqualTo("n1");
        JsonNode cos = h.get("cos");
        assertThat(cos.size()).isEqualTo(2 * g);
        double pn = 0;
        for (int i = 0; i < 2 * g; i++) {
            assertThat(cos.get(i).size()).isEqualTo(2 * g);
            assertThat(cos.get(i).get(i).asDouble()).isEqualTo(1.0);
            for (int j = 0; j < 2 * g; j++) {
                assertThat(cos.get(i).get(j).asDouble()).isBetween(-1.0, 1.0).isEqualTo(cos.get(j).get(i).asDouble());
            }
        }
        for (int k = 0; k < g; k++) pn += cos.get(k).get(g + k).asDouble();
        assertThat(h.get("mean_pn").asDouble()).isCloseTo(pn / g, org.assertj.core.api.Assertions.within(1e-3));
        // random Xavier init in 8 dimensions: the embeddings are not all alike
        assertThat(cos.get(0).get(1).asDouble()).isNotEqualTo(1.0);
    }

    @Test
    void aBaseSnapshotSaysItHasNoGroupsAndPollSendsOnlyNewFiles(@TempDir Path dir) throws Exception {
        DashboardHub hub = new DashboardHub(10);
        SnapshotWatcher watcher = new SnapshotWatcher(dir, hub);
        watcher.poll();
        assertThat(hub.state().get("heatmap").isNull()).isTrue();
        new PrequentialRun(ModelKind.BASE, 1).snapshot(dir, 4);
        DashboardHub.Listener l = hub.subscribe();
        watcher.poll();
        watcher.poll();
        assertThat(l.frames).hasSize(2); // history, then one heatmap: the second poll saw nothing new
        JsonNode h = hub.state().get("heatmap");
        assertThat(h.get("kind").asText()).isEqualTo("base");
        assertThat(h.get("message").asText()).isEqualTo("the base model has no group embeddings");
        assertThat(h.has("cos")).isFalse();

        Files.writeString(dir.resolve("model-000005.gprec"), "not a snapshot");
        watcher.poll();
        assertThat(hub.state().get("heatmap").get("error").asText()).startsWith("cannot read the model snapshot:");
        watcher.close();
    }
}
