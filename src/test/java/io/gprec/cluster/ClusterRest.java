package io.gprec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The few Flink REST calls the cluster tests make, and a deadline-bound wait. */
final class ClusterRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterRest() {}

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} every {@code every} until it holds; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, Duration every, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + timeout);
            Thread.sleep(every.toMillis());
        }
    }

    static void await(String what, Duration timeout, Check check) throws Exception {
        await(what, timeout, Duration.ofSeconds(1), check);
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The job's state; a FAILED or CANCELED job fails the test at once. */
    static String jobState(String rest, String jobId) throws Exception {
        String state = get(rest + "/jobs/" + jobId).get("state").asText();
        assertThat(state).as("job state").isNotIn("FAILED", "CANCELED");
        return state;
    }

    static boolean allVerticesRunning(String rest, String jobId) throws Exception {
        JsonNode job = get(rest + "/jobs/" + jobId);
        if (!"RUNNING".equals(job.get("state").asText())) return false;
        for (JsonNode v : job.get("vertices")) if (!"RUNNING".equals(v.get("status").asText())) return false;
        return true;
    }

    static int completedCheckpoints(String rest, String jobId) throws Exception {
        return get(rest + "/jobs/" + jobId + "/checkpoints").at("/counts/completed").asInt();
    }
}
