package io.gprec.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gprec.model.GprecModel;
import io.gprec.model.GroupEmbeddings;
import io.gprec.model.ModelSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Watches the trainer's snapshot directory and turns the newest {@code model-<checkpoint id>.gprec} into the
 * heatmap of group-embedding similarities. The files are written by rename, so a file seen is complete. Only a new
 * file is loaded (a checkpoint every 10 s at most, and loading takes well under a second for ML-100K).
 */
final class SnapshotWatcher implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("model-(\\d+)\\.gprec");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final DashboardHub hub;
    private final ScheduledExecutorService timer;
    private String loadedName;
    private FileTime loadedTime;

    SnapshotWatcher(Path dir, DashboardHub hub) {
        this.dir = dir;
        this.hub = hub;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gprec-dashboard-snapshots");
            t.setDaemon(true);
            return t;
        });
    }

    void start(long periodMillis) {
        timer.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Loads the newest snapshot if it is not the one already shown. */
    void poll() {
        try {
            Optional<Path> newest = newest(dir);
            if (newest.isEmpty()) return;
            Path file = newest.get();
            FileTime time = Files.getLastModifiedTime(file);
            if (file.getFileName().toString().equals(loadedName) && time.equals(loadedTime)) return;
            loadedName = file.getFileName().toString();
            loadedTime = time;
            hub.heatmap(heatmap(file));
        } catch (IOException | RuntimeException e) {
            ObjectNode error = JSON.createObjectNode();
            error.put("file", loadedName);
            error.put("error", "cannot read the model snapshot: " + e.getMessage());
            hub.heatmap(error);
        }
    }

    /** The snapshot with the highest checkpoint id in dir, if any. */
    static Optional<Path> newest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        Path best = null;
        long bestId = -1;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).length() < 19) {
                    long id = Long.parseLong(m.group(1));
                    if (id > bestId) {
                        bestId = id;
                        best = p;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * {"file", "checkpoint", "step", "kind", "strategy", "groups", "dual", "labels": ["p1".., "n1"..],
     * "cos": [[..]], "mean_pn": mean cos(p_g, n_g)}; for the base model no matrix but a "message".
     */
    static ObjectNode heatmap(Path file) throws IOException {
        GprecModel model = ModelSnapshot.read(file).model();
        ObjectNode out = JSON.createObjectNode();
        Matcher m = NAME.matcher(file.getFileName().toString());
        out.put("file", file.getFileName().toString());
        if (m.matches()) out.put("checkpoint", Long.parseLong(m.group(1)));
        out.put("step", model.step());
        out.put("kind", model.config().kind.name().toLowerCase(java.util.Locale.ROOT));
        out.put("strategy", model.config().strategy.name().toLowerCase(java.util.Locale.ROOT));
        Optional<GroupEmbeddings> groups = model.groupEmbeddings();
        if (groups.isEmpty()) {
            out.put("message", "the base model has no group embeddings");
            return out;
        }
        GroupEmbeddings e = groups.get();
        double[][] cos = GroupSimilarity.cosines(e);
        out.put("groups", e.groups());
        out.put("dual", e.dual());
        ArrayNode labels = out.putArray("labels");
        for (int g = 1; g <= e.groups(); g++) labels.add((e.dual() ? "p" : "g") + g);
        if (e.dual()) for (int g = 1; g <= e.groups(); g++) labels.add("n" + g);
        ArrayNode rows = out.putArray("cos");
        for (double[] row : cos) {
            ArrayNode r = rows.addArray();
            for (double v : row) r.add(Math.round(v * 1e4) / 1e4); // 4 decimals: a colour scale needs no more
        }
        double mean = GroupSimilarity.meanPositiveNegative(cos, e.groups());
        if (Double.isFinite(mean)) out.put("mean_pn", mean);
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
