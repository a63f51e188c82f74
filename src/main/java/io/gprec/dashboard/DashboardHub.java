package io.gprec.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the dashboard knows (the bounded metrics history per run, the latest heatmap, the feed's status) and who is
 * listening. A new listener gets the state so far as its first event and every later change after it, with nothing
 * lost or repeated in between: both happen under one lock.
 */
final class DashboardHub {
    /** Frames a slow browser may fall behind by before it is dropped (it reconnects and gets the history again). */
    static final int QUEUE_FRAMES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricsHistory history;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private JsonNode heatmap;
    private String status = "starting";
    private long records;

    /** One browser's queue of SSE frames; {@code overflowed} once it fell too far behind. */
    static final class Listener {
        final BlockingQueue<byte[]> frames = new ArrayBlockingQueue<>(QUEUE_FRAMES);
        volatile boolean overflowed;

        void offer(byte[] frame) {
            if (!frames.offer(frame)) overflowed = true;
        }
    }

    DashboardHub(int historyPerRun) {
        this.history = new MetricsHistory(historyPerRun);
    }

    /** A metrics record of one run. */
    synchronized void metrics(String run, JsonNode record) {
        history.add(run, record);
        records++;
        ObjectNode event = JSON.createObjectNode();
        event.put("run", run);
        event.set("point", record);
        broadcast("metrics", event);
    }

    /** The group-embedding similarities of the newest model snapshot (or why there are none). */
    synchronized void heatmap(JsonNode heatmap) {
        this.heatmap = heatmap;
        broadcast("heatmap", heatmap);
    }

    /** A one-line state of the feed ("reading gprec.metrics from 127.0.0.1:9092", "waiting for ..."). */
    synchronized void status(String status) {
        if (status.equals(this.status)) return;
        this.status = status;
        ObjectNode event = JSON.createObjectNode();
        event.put("status", status);
        broadcast("status", event);
    }

    /** Registers a listener whose first frame is the state so far (event "history"). */
    synchronized Listener subscribe() {
        Listener l = new Listener();
        l.offer(SseFrames.event("history", state().toString()));
        listeners.add(l);
        return l;
    }

    void unsubscribe(Listener l) {
        listeners.remove(l);
    }

    int listeners() {
        return listeners.size();
    }

    /** {"runs": {run: [records]}, "heatmap": {...} or null, "status": "...", "records": n, "dropped": n}. */
    synchronized ObjectNode state() {
        ObjectNode s = JSON.createObjectNode();
        s.set("runs", history.toJson());
        s.set("heatmap", heatmap);
        s.put("status", status);
        s.put("records", records);
        s.put("dropped", history.dropped());
        return s;
    }

    private void broadcast(String event, JsonNode data) {
        byte[] frame = SseFrames.event(event, data.toString());
        for (Listener l : listeners) l.offer(frame);
    }
}
