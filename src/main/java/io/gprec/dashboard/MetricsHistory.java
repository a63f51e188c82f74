package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics records seen so far, per run: at most {@code capacity} per run, the oldest dropped first, because the
 * stream is endless and the dashboard's memory must not be. Only the newest record of a run keeps its per-group
 * arrays. Runs keep the order in which they first appeared. Not
 * thread-safe: {@link DashboardHub} guards it.
 */
final class MetricsHistory {
    private final int capacity;
    private final Map<String, ArrayDeque<JsonNode>> runs = new LinkedHashMap<>();
    private long dropped;

    MetricsHistory(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("history capacity must be > 0, got " + capacity);
        this.capacity = capacity;
    }

    /** Per-group arrays: only the newest record's are drawn, and they are most of a record's size (2 × G numbers). */
    static final java.util.List<String> GROUP_FIELDS = java.util.List.of("group_counts", "group_auc");

    void add(String run, JsonNode record) {
        ArrayDeque<JsonNode> points = runs.computeIfAbsent(run, r -> new ArrayDeque<>());
        if (!points.isEmpty() && points.peekLast() instanceof ObjectNode previous && previous.has(GROUP_FIELDS.get(0))) {
            points.pollLast();
            points.addLast(previous.deepCopy().without(GROUP_FIELDS));
        }
        if (points.size() == capacity) {
            points.removeFirst();
            dropped++;
        }
        points.addLast(record);
    }

    int size(String run) {
        ArrayDeque<JsonNode> points = runs.get(run);
        return points == null ? 0 : points.size();
    }

    /** Records dropped because a run exceeded the capacity. */
    long dropped() {
        return dropped;
    }

    /** {"run": [record, ...], ...}, oldest first. */
    ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        runs.forEach((run, points) -> out.putArray(run).addAll(points));
        return out;
    }
}
