package io.gprec.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few reads of Flink's REST API a soak needs: TaskManagers, their heap, a job's state and its latest checkpoint. */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** The latest completed checkpoint (id 0 = none yet) and how many failed. */
    public record Checkpoints(long latestId, long durationMillis, long stateBytes, long checkpointedBytes, long failed) {}

    public FlinkRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    JsonNode get(String path) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode());
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public List<String> taskManagers() throws IOException {
        List<String> ids = new ArrayList<>();
        get("/taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
        return ids;
    }

    /** Heap used by all TaskManagers (bytes), from Flink's own JVM metric. */
    public long taskManagerHeapUsed() throws IOException {
        long sum = 0;
        for (String id : taskManagers()) {
            for (JsonNode m : get("/taskmanagers/" + id + "/metrics?get=Status.JVM.Memory.Heap.Used")) sum += m.path("value").asLong();
        }
        return sum;
    }

    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    public Checkpoints checkpoints(String jobId) throws IOException {
        JsonNode root = get("/jobs/" + jobId + "/checkpoints");
        JsonNode c = root.path("latest").path("completed");
        long failed = root.path("counts").path("failed").asLong();
        if (c.isMissingNode() || c.isNull()) return new Checkpoints(0, 0, 0, 0, failed);
        return new Checkpoints(c.path("id").asLong(), c.path("end_to_end_duration").asLong(), c.path("state_size").asLong(),
                c.path("checkpointed_size").asLong(), failed);
    }
}
