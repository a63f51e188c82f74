package io.gprec.replay;

import io.gprec.data.BadRows;
import io.gprec.data.CsvDataset;
import io.gprec.data.Dataset;
import io.gprec.data.Interaction;
import io.gprec.stream.event.ClickEventCodec;

import java.util.List;
import java.util.Objects;

/** Builds the {@link EventSource} of a MovieLens dataset or a generic CSV dataset in a given order. */
public final class EventSources {

    private EventSources() {
    }

    /** A dataset already in memory (the MovieLens readers); event times are its seconds in milliseconds. */
    public static EventSource of(Dataset dataset, ClickEventCodec codec, ReplayOrder order, long seed) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(codec, "codec");
        if (!codec.schema().equals(dataset.schema())) {
            throw new IllegalArgumentException("codec schema " + codec.schema() + " does not match the schema of dataset '"
                    + dataset.name() + "': " + dataset.schema());
        }
        List<Interaction> rows = order == ReplayOrder.SHUFFLE ? dataset.interactions() : DatasetReplayer.ordered(dataset, order);
        int[] permutation = order == ReplayOrder.SHUFFLE ? shuffled(rows.size(), seed) : null;
        return EventSource.of(dataset.name(), codec, rows.size(), (from, sink) -> {
            for (long i = Math.max(0, from); i < rows.size(); i++) {
                Interaction x = rows.get(permutation == null ? (int) i : permutation[(int) i]);
                if (!sink.accept(i, x.values(), x.label(), x.timestamp() * 1000L)) {
                    return;
                }
            }
        });
    }

    /**
     * A generic CSV dataset. FILE order streams the file (nothing but the side tables in memory; the size is the
     * file's line count); EVENT_TIME and SHUFFLE first read every row into a compact {@link EventTable}. Bad rows
     * go to {@code bad} while the file is read.
     */
    public static EventSource of(CsvDataset data, ClickEventCodec codec, ReplayOrder order, long seed, BadRows bad) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(codec, "codec");
        if (!codec.schema().equals(data.schema())) {
            throw new IllegalArgumentException("codec schema " + codec.schema() + " does not match the schema file's "
                    + data.schema());
        }
        String name = data.schemaFile().name();
        if (order == ReplayOrder.FILE) {
            long lines = data.countRows();
            return EventSource.of(name, codec, lines, (from, sink) -> {
                long[] next = {0};
                data.forEach((values, label, time) -> {
                    long i = next[0]++;
                    return i < from || sink.accept(i, values, label, time);
                }, bad);
            });
        }
        EventTable table = new EventTable(data.schema().size());
        data.forEach((values, label, time) -> {
            table.add(values, label, time);
            return true;
        }, bad);
        int[] idx = table.order(order, data.schema().indexOf(codec.userIdField()), data.schema().indexOf(codec.itemIdField()), seed);
        return EventSource.of(name, codec, idx.length, (from, sink) -> {
            for (long i = Math.max(0, from); i < idx.length; i++) {
                int r = idx[(int) i];
                if (!sink.accept(i, table.values(r), table.label(r), table.time(r))) {
                    return;
                }
            }
        });
    }

    static int[] shuffled(int n, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
