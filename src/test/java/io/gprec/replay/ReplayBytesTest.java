package io.gprec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gprec.data.BadRows;
import io.gprec.data.CsvDataset;
import io.gprec.data.Dataset;
import io.gprec.data.MovieLens100kReader;
import io.gprec.data.SchemaFile;
import io.gprec.stream.DataOptions;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.ClickEventWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the replay puts on the wire is what it put there when it encoded with the codec (Jackson): the writer's key
 * and value bytes against {@link ClickEventCodec#key}/{@link ClickEventCodec#encode} for every event of ML-100K
 * and of a CSV full of awkward strings, each in replay order with the replay's event ids, and each value decoding
 * to its event.
 */
class ReplayBytesTest {

    @TempDir
    Path dir;

    @Test
    void everyEventOfMovieLens100kIsByteIdenticalToTheCodecs() {
        Path data = Path.of(System.getProperty("gprec.ml100k", "../shared/datasets/ml-100k"));
        assumeTrue(Files.isRegularFile(data.resolve("u.data")), "ML-100K not found at " + data);
        Dataset ml = MovieLens100kReader.read(data);
        ClickEventCodec codec = ClickEventCodec.movieLens(ml.schema());
        assertThat(compareAll(EventSources.of(ml, codec, ReplayOrder.EVENT_TIME, 0))).isEqualTo(100_000);
    }

    @Test
    void everyEventOfACsvWithAwkwardStringsIsByteIdenticalToTheCodecs() throws IOException {
        SplittableRandom rng = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder("ts,user_id,item_id,click,note,tag\n");
        int rows = 5_000;
        for (int r = 0; r < rows; r++) {
            csv.append(1_600_000_000L + rng.nextInt(1_000)).append(',')
                    .append(quoted(awkward(rng, 1 + rng.nextInt(8)))).append(',')
                    .append(quoted(awkward(rng, 1 + rng.nextInt(8)))).append(',')
                    .append(rng.nextInt(2)).append(',')
                    .append(quoted(awkward(rng, 1 + rng.nextInt(60)))).append(',')
                    .append(quoted(awkward(rng, 1 + rng.nextInt(20)))).append('\n');
        }
        Files.writeString(dir.resolve("clicks.csv"), csv, StandardCharsets.UTF_8);
        Path schemaFile = dir.resolve("schema.json");
        Files.writeString(schemaFile, """
                {"name": "awkward", "file": "clicks.csv", "delimiter": ",", "header": true,
                 "fields": [{"name": "user_id", "column": "user_id", "role": "personal"},
                            {"name": "item_id", "column": "item_id", "role": "item"},
                            {"name": "note", "column": "note", "role": "user"},
                            {"name": "tag", "column": "tag", "role": "item"}],
                 "label": {"column": "click", "op": ">=", "value": 1},
                 "timestamp": {"column": "ts", "unit": "s"},
                 "user": "user_id", "item": "item_id"}
                """);
        SchemaFile schema = SchemaFile.load(schemaFile, null);
        ClickEventCodec codec = DataOptions.codec(schema);
        BadRows bad = new BadRows(true, null);
        for (ReplayOrder order : new ReplayOrder[] {ReplayOrder.EVENT_TIME, ReplayOrder.FILE}) {
            EventSource source = EventSources.of(CsvDataset.open(schema), codec, order, 0, bad);
            assertThat(compareAll(source)).as("%s order", order).isEqualTo(rows);
        }
        assertThat(bad.count()).isZero();
    }

    /** Compares every event of the source; returns how many there were. */
    private static long compareAll(EventSource source) {
        ClickEventCodec codec = source.codec();
        ClickEventWriter writer = new ClickEventWriter(codec);
        int user = codec.schema().indexOf(codec.userIdField());
        int item = codec.schema().indexOf(codec.itemIdField());
        long[] n = {0};
        source.forEach(0, (index, values, label, millis) -> {
            String id = DatasetReplayer.eventId(source.name(), index);
            ClickEvent event = new ClickEvent(id, values[user], values[item], label, millis, values);
            byte[] value = writer.encode(id, values, label, millis);
            byte[] want = codec.encode(event);
            if (!Arrays.equals(value, want)) {
                // Only build the message on a mismatch: the assertion runs for every event.
                assertThat(new String(value, StandardCharsets.UTF_8)).as("event %d", index)
                        .isEqualTo(new String(want, StandardCharsets.UTF_8));
                assertThat(value).as("event %d", index).isEqualTo(want);
            }
            assertThat(Arrays.equals(writer.key(values), codec.key(event))).as("key of event %d", index).isTrue();
            assertThat(codec.decode(value).event()).as("event %d decodes", index).isEqualTo(event);
            n[0]++;
            return true;
        });
        return n[0];
    }

    /** A CSV field: quoted, inner quotes doubled (values never hold a line break, which the CSV reader splits on). */
    private static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Quotes, backslashes, commas, control chars other than CR/LF, DEL, non-ASCII and emoji; never blank. */
    private static String awkward(SplittableRandom rng, int chars) {
        StringBuilder b = new StringBuilder("x");
        while (b.length() < chars) {
            switch (rng.nextInt(6)) {
                case 0 -> b.append("\"\\,/'".charAt(rng.nextInt(5)));
                case 1 -> {
                    char c = (char) rng.nextInt(0x20);
                    b.append(c == '\n' || c == '\r' ? '\t' : c);
                }
                case 2 -> b.append("\u007fé名ß€\u00a0".charAt(rng.nextInt(6)));
                case 3 -> b.appendCodePoint(0x1F600 + rng.nextInt(0x50));
                default -> b.append((char) ('a' + rng.nextInt(26)));
            }
        }
        return b.toString();
    }
}
