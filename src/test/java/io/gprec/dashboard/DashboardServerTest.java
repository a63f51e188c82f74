package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP server on a real loopback socket: files, state, the event stream, errors and port fallback. */
class DashboardServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsScriptsAndUplotFromTheClasspath() throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, false, new DashboardHub(10))) {
            String base = server.url();
            assertThat(base).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            HttpResponse<String> page = get(base);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("/webjars/uplot/dist/uPlot.iife.min.js", "/static/dashboard.js", "id=\"heatmap\"")
                    .doesNotContain("https://");
            HttpResponse<String> uplot = get(base + "webjars/uplot/dist/uPlot.iife.min.js");
            assertThat(uplot.statusCode()).isEqualTo(200);
            assertThat(uplot.body()).contains("uPlot").hasSizeGreaterThan(10_000);
            assertThat(get(base + "webjars/uplot/dist/uPlot.min.css").statusCode()).isEqualTo(200);
            HttpResponse<String> js = get(base + "static/dashboard.js");
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(js.body()).contains("new EventSource('/events')");
        }
    }

    @Test
    void unknownOrEscapingPathsAre404AndOtherMethods405() throws Exception {
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, false, new DashboardHub(10))) {
            String base = server.url();
            assertThat(get(base + "nothing").statusCode()).isEqualTo(404);
            assertThat(get(base + "static/../dashboard/index.html").statusCode()).isEqualTo(404);
            assertThat(get(base + "static/%2e%2e/io/gprec/dashboard/Dashboard.class").statusCode()).isEqualTo(404);
            assertThat(get(base + "webjars/uplot/../../../maven/org.webjars.npm/uplot/pom.properties").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "api/state"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void stateIsJsonOfEverythingSoFar() throws Exception {
        DashboardHub hub = new DashboardHub(10);
        hub.metrics("base", JsonNodeFactory.instance.objectNode().put("events", 1000).putNull("window_auc"));
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, false, hub)) {
            HttpResponse<String> r = get(server.url() + "api/state");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode state = new ObjectMapper().readTree(r.body());
            assertThat(state.get("runs").get("base").get(0).get("events").asLong()).isEqualTo(1000);
            assertThat(state.get("runs").get("base").get(0).get("window_auc").isNull()).isTrue();
            assertThat(state.get("records").asLong()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theEventStreamStartsWithTheHistoryThenCarriesNewRecords() throws Exception {
        DashboardHub hub = new DashboardHub(10);
        hub.metrics("gprec", JsonNodeFactory.instance.objectNode().put("model", "gprec").put("events", 1000));
        try (DashboardServer server = DashboardServer.start("127.0.0.1", 0, false, hub)) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                assertThat(frame(in)).containsExactly("retry: 2000");
                List<String> history = frame(in);
                assertThat(history.get(0)).isEqualTo("event: history");
                assertThat(new ObjectMapper().readTree(history.get(1).substring(6)).get("runs").get("gprec").get(0)
                        .get("events").asLong()).isEqualTo(1000);
                while (hub.listeners() == 0) Thread.sleep(10); // subscribed before the frame went out; belt and braces
                hub.metrics("gprec", JsonNodeFactory.instance.objectNode().put("model", "gprec").put("events", 2000));
                List<String> live = frame(in);
                assertThat(live.get(0)).isEqualTo("event: metrics");
                JsonNode data = new ObjectMapper().readTree(live.get(1).substring(6));
                assertThat(data.get("run").asText()).isEqualTo("gprec");
                assertThat(data.get("point").get("events").asLong()).isEqualTo(2000);
            }
        }
    }

    /** The lines of one frame, up to the blank line that ends it. */
    private static List<String> frame(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) lines.add(line);
        return lines;
    }

    @Test
    void aTakenPortFailsUnlessAnyFreePortIsAllowed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DashboardServer.start("127.0.0.1", port, false, new DashboardHub(10)))
                    .isInstanceOf(BindException.class).hasMessageStartingWith("cannot listen on 127.0.0.1:" + port);
            try (DashboardServer server = DashboardServer.start("127.0.0.1", port, true, new DashboardHub(10))) {
                assertThat(server.port()).isNotEqualTo(port).isPositive();
                assertThat(get(server.url()).statusCode()).isEqualTo(200);
            }
        }
    }
}
