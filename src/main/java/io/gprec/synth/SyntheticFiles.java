package io.gprec.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes a synthetic stream in the generic CSV layout (docs: the schema-file format of `gprec replay`):
 * <ul>
 *   <li>{@value #CLICKS}: {@code ts,user_id,item_id,click}, one row per event in event-time order (ts in ms);</li>
 *   <li>{@value #USERS}: {@code user_id,u_attr0..,planted_group} (the planted group is not a schema field);</li>
 *   <li>{@value #ITEMS}: {@code item_id,i_cluster,i_attr0..};</li>
 *   <li>{@value #SCHEMA}: the schema file that describes the three;</li>
 *   <li>{@value #TRUTH}: the generator's parameters, calibrated bias and each cluster's home group before
 *       and after the drift.</li>
 * </ul>
 * Memory is O(1) in users, items and events: every row is computed when it is written.
 */
public final class SyntheticFiles {
    public static final String CLICKS = "clicks.csv", USERS = "users.csv", ITEMS = "items.csv",
            SCHEMA = "schema.json", TRUTH = "truth.json";
    static final String TS = "ts", CLICK = "click";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was written. */
    public record Written(long events, long clicks, long bytes, double seconds) {
        public double eventsPerSecond() { return seconds > 0 ? events / seconds : 0; }
    }

    private SyntheticFiles() {}

    /** Writes all five files into {@code dir} (created if missing); {@code progress} hears the event count. */
    public static Written write(SyntheticLayout layout, Path dir, LongConsumer progress) throws IOException {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long bytes = writeUsers(layout, dir.resolve(USERS)) + writeItems(layout, dir.resolve(ITEMS));
        long events = 0, clicks = 0;
        try (AsciiCsv csv = new AsciiCsv(dir.resolve(CLICKS))) {
            csv.header(TS, SyntheticLayout.USER_ID, SyntheticLayout.ITEM_ID, CLICK);
            ClickStream stream = new ClickStream(layout.world());
            ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
            while (stream.next(c)) {
                csv.number(c.timeMillis).number(c.user).number(c.item).number(c.label).end();
                clicks += c.label;
                if (++events % 100_000 == 0) progress.accept(events);
            }
            bytes += csv.bytes();
        }
        Files.writeString(dir.resolve(SCHEMA), JSON.writeValueAsString(schema(layout)) + "\n");
        Files.writeString(dir.resolve(TRUTH), JSON.writeValueAsString(truth(layout.world())) + "\n");
        progress.accept(events);
        return new Written(events, clicks, bytes, (System.nanoTime() - t0) / 1e9);
    }

    private static long writeUsers(SyntheticLayout layout, Path file) throws IOException {
        SyntheticSpec spec = layout.world().spec();
        List<String> header = new ArrayList<>();
        header.add(SyntheticLayout.USER_ID);
        header.addAll(layout.userFieldNames());
        header.add(SyntheticLayout.TRUTH_COLUMN);
        try (AsciiCsv csv = new AsciiCsv(file)) {
            csv.header(header.toArray(String[]::new));
            for (int u = 0; u < spec.users(); u++) {
                csv.number(u);
                for (int f = 0; f < spec.userFields(); f++) csv.prefixed('s', layout.world().userField(u, f));
                csv.number(layout.world().group(u)).end();
            }
            return csv.bytes();
        }
    }

    private static long writeItems(SyntheticLayout layout, Path file) throws IOException {
        SyntheticSpec spec = layout.world().spec();
        List<String> header = new ArrayList<>();
        header.add(SyntheticLayout.ITEM_ID);
        header.add(SyntheticLayout.CLUSTER);
        header.addAll(layout.itemFieldNames());
        try (AsciiCsv csv = new AsciiCsv(file)) {
            csv.header(header.toArray(String[]::new));
            for (int i = 0; i < spec.items(); i++) {
                csv.number(i).prefixed('c', layout.world().cluster(i));
                for (int f = 0; f < spec.itemFields(); f++) csv.prefixed('t', layout.world().itemField(i, f));
                csv.end();
            }
            return csv.bytes();
        }
    }

    /** The schema file of the three CSV files, in the shared format (fields in schema order). */
    static ObjectNode schema(SyntheticLayout layout) {
        ObjectNode s = JSON.createObjectNode();
        s.put("name", SyntheticLayout.DATASET_NAME);
        s.put("file", CLICKS);
        s.put("delimiter", ",");
        s.put("header", true);
        ArrayNode fields = s.putArray("fields");
        field(fields, SyntheticLayout.USER_ID, "personal", null);
        for (String f : layout.userFieldNames()) field(fields, f, "user", "users");
        field(fields, SyntheticLayout.ITEM_ID, "item", null);
        field(fields, SyntheticLayout.CLUSTER, "item", "items");
        for (String f : layout.itemFieldNames()) field(fields, f, "item", "items");
        ObjectNode label = s.putObject("label");
        label.put("column", CLICK);
        label.put("op", ">=");
        label.put("value", 1);
        ObjectNode ts = s.putObject("timestamp");
        ts.put("column", TS);
        ts.put("unit", "ms");
        s.put("user", SyntheticLayout.USER_ID);
        s.put("item", SyntheticLayout.ITEM_ID);
        ObjectNode tables = s.putObject("tables");
        table(tables, "users", USERS, SyntheticLayout.USER_ID);
        table(tables, "items", ITEMS, SyntheticLayout.ITEM_ID);
        return s;
    }

    private static void field(ArrayNode fields, String name, String role, String table) {
        ObjectNode f = fields.addObject();
        f.put("name", name);
        f.put("column", name);
        f.put("role", role);
        if (table != null) f.put("table", table);
    }

    private static void table(ObjectNode tables, String name, String file, String key) {
        ObjectNode t = tables.putObject(name);
        t.put("file", file);
        t.put("key", key);
        t.put("delimiter", ",");
    }

    static ObjectNode truth(PlantedWorld world) {
        SyntheticSpec spec = world.spec();
        ObjectNode t = JSON.valueToTree(spec);
        t.put("calibrated_bias", world.bias());
        t.put("planted_group_column", USERS + ":" + SyntheticLayout.TRUTH_COLUMN);
        ArrayNode before = t.putArray("home_group_of_cluster");
        ArrayNode after = t.putArray("home_group_of_cluster_after_drift");
        for (int c = 0; c < spec.clusters(); c++) {
            before.add(world.homeGroup(c, false));
            after.add(world.homeGroup(c, true));
        }
        return t;
    }
}
