package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.kafka.LocalKafka;
import io.gprec.model.ModelKind;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless browser (Debian's chromium through chromedriver), fed by a real Kafka broker:
 * metrics records in the job's format from two real online runs (GPRec and base) written in transactions (one
 * aborted, which must never show), and model snapshots in the trainer's file format. The page connects mid-run,
 * must show the history so far, then new points as they are written, both runs, the group chart, and the heatmap of
 * the newest snapshot. Screenshot: target/dashboard-it/dashboard.png.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("gprec.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("gprec.chromedriver", "/usr/bin/chromedriver"));
    private static final String TOPIC = "gprec.metrics";
    private static final long ABORTED_EVENTS = 987_654_321L;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void chartsAndHeatmapRenderTheRunsAndUpdateLive(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless browser: " + CHROMIUM + " or " + CHROMEDRIVER + " missing "
                        + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
        Path snapshots = dir.resolve("snapshots");
        PrequentialRun gprec = new PrequentialRun(ModelKind.GPREC, 7), base = new PrequentialRun(ModelKind.BASE, 7);
        long clock = 1_700_000_000_000L;
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
             KafkaProducer<byte[], byte[]> producer = transactionalProducer(kafka)) {
            kafka.createTopic(TOPIC, 1);
            producer.initTransactions();
            // the runs are under way before anyone looks: these 2 × 6 records are history to the browser
            for (int step = 0; step < 6; step++, clock += 1000) {
                send(producer, gprec.step(clock), base.step(clock));
            }
            producer.beginTransaction(); // never committed: read_committed must hide it
            producer.send(new ProducerRecord<>(TOPIC, ("{\"model\":\"gprec\",\"events\":" + ABORTED_EVENTS + "}").getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            producer.abortTransaction();
            gprec.snapshot(snapshots, 1);

            try (Dashboard dashboard = Dashboard.start(new Dashboard.Settings(kafka.bootstrapServers(), TOPIC, snapshots,
                    "127.0.0.1", 0, 1_000, false))) {
                assertThat(dashboard.url()).startsWith("http://127.0.0.1:");
                ChromeDriver browser = browser();
                try {
                    browser.get(dashboard.url());
                    await(browser, "both runs' history drawn", () -> count(browser, "auc") == 2 * 2 * 6
                            && runs(browser).equals(List.of("gprec", "base")));
                    await(browser, "the heatmap of model-000001.gprec drawn",
                            () -> "model-000001.gprec".equals(js(browser, "return gprec.heat.file")) && heatCells(browser) > 0);
                    long cellsBefore = heatCells(browser);
                    assertThat(cellsBefore).as("10 of 6 groups shown: all 6, p and n: 12 x 12").isEqualTo(144);
                    assertThat(count(browser, "groups:gprec")).as("group sizes and AUCs").isGreaterThanOrEqualTo(PrequentialRun.GROUPS);
                    assertThat((String) js(browser, "return document.querySelector('#summary').textContent")).contains("gprec", "base", "rolling AUC");

                    // live: new records and a new snapshot arrive while the page is open
                    for (int step = 0; step < 4; step++, clock += 1000) {
                        send(producer, gprec.step(clock), base.step(clock));
                        long expected = 2 * 2 * (6 + step + 1L);
                        await(browser, "AUC points grow to " + expected, () -> count(browser, "auc") == expected);
                    }
                    gprec.snapshot(snapshots, 2);
                    await(browser, "the heatmap follows the newest snapshot",
                            () -> "model-000002.gprec".equals(js(browser, "return gprec.heat.file")));
                    assertThat(((Number) js(browser, "return gprec.heat.draws")).longValue()).isGreaterThanOrEqualTo(2);
                    JsonNode state = new ObjectMapper().readTree(get(dashboard.url() + "api/state"));
                    long rates = state.get("runs").findValues("events_per_second").stream().filter(v -> !v.isNull()).count();
                    assertThat(rates).as("a rate needs two records of a run").isEqualTo(2 * 9);
                    assertThat(count(browser, "rate")).isEqualTo(rates);
                    assertThat(count(browser, "version")).isEqualTo(2 * 10);
                    // the canvas really has colour on it: the top-left cell is cos(p1, p1) = 1, drawn dark red
                    String pixel = (String) js(browser, "const d = document.getElementById('heatmap').getContext('2d')"
                            + ".getImageData(40, 40, 1, 1).data; return d[0] + ',' + d[1] + ',' + d[2]");
                    assertThat(pixel).isEqualTo("220,38,38");

                    assertThat(state.get("runs").get("gprec").findValues("events")).extracting(JsonNode::asLong)
                            .doesNotContain(ABORTED_EVENTS).hasSize(10);
                    screenshot(browser, "dashboard.png");
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(LocalKafka kafka) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-it");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** One committed transaction per step, as the job's sink commits with each checkpoint. */
    private static void send(KafkaProducer<byte[], byte[]> producer, byte[]... records) {
        producer.beginTransaction();
        for (byte[] r : records) producer.send(new ProducerRecord<>(TOPIC, "metrics".getBytes(StandardCharsets.UTF_8), r));
        producer.commitTransaction();
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,2400", "--hide-scrollbars");
        // an explicit driver: Selenium Manager would try to download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Object js(ChromeDriver browser, String script) {
        return browser.executeScript(script);
    }

    private static long count(ChromeDriver browser, String chart) {
        return ((Number) js(browser, "return gprec.count('" + chart + "')")).longValue();
    }

    private static long heatCells(ChromeDriver browser) {
        return ((Number) js(browser, "return gprec.heat.cells")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> runs(ChromeDriver browser) {
        return (List<String>) js(browser, "return gprec.runs()");
    }

    private static void await(ChromeDriver browser, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                screenshot(browser, "failed.png");
                throw new AssertionError("not within 60 s: " + what + "; page state: "
                        + js(browser, "return JSON.stringify({runs: gprec.runs(), auc: gprec.count('auc'), heat: gprec.heat, "
                        + "status: gprec.state.status, received: gprec.state.received})"));
            }
            Thread.sleep(100);
        }
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path dir = Path.of("target/dashboard-it");
        Files.createDirectories(dir);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
