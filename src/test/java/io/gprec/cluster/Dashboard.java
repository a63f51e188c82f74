package io.gprec.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard (docker/grafana/dashboards/gprec-stream.json): its panels' metric names. */
final class Dashboard {
    static final Path FILE = Path.of("docker/grafana/dashboards/gprec-stream.json");
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private Dashboard() {}

    /** Panel title → the Prometheus metric names its queries use. */
    static Map<String, TreeSet<String>> metricsByPanel() throws IOException {
        JsonNode dash = new ObjectMapper().readTree(FILE.toFile());
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (JsonNode panel : dash.get("panels")) {
            TreeSet<String> names = new TreeSet<>();
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText());
                while (m.find()) names.add(m.group());
            }
            out.put(panel.get("title").asText(), names);
        }
        return out;
    }

    static TreeSet<String> allMetrics() throws IOException {
        TreeSet<String> all = new TreeSet<>();
        metricsByPanel().values().forEach(all::addAll);
        return all;
    }
}
