package io.gprec.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows held in memory so they can be replayed in event-time or shuffled order: each field's values are
 * dictionary-coded (one int per row and field, each distinct string stored once), plus a long time and a byte
 * label per row. That is {@code 4 * fields + 9} bytes per row, plus 4 for the order and the distinct strings:
 * about 50 MB for a million rows of 10 fields.
 */
final class EventTable {

    private final int fields;
    private final List<Map<String, Integer>> codes = new ArrayList<>();
    private final List<List<String>> dictionaries = new ArrayList<>();
    private int[][] columns;
    private long[] times;
    private byte[] labels;
    private int size;

    EventTable(int fields) {
        this.fields = fields;
        for (int f = 0; f < fields; f++) {
            codes.add(new HashMap<>());
            dictionaries.add(new ArrayList<>());
        }
        columns = new int[fields][1024];
        times = new long[1024];
        labels = new byte[1024];
    }

    void add(String[] values, int label, long timeMillis) {
        if (values.length != fields) {
            throw new IllegalArgumentException("row has " + values.length + " values, the table " + fields);
        }
        if (size == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than " + size + " rows do not fit in memory: replay in file order");
        }
        if (size == times.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, size * 3L / 2);
            for (int f = 0; f < fields; f++) {
                columns[f] = Arrays.copyOf(columns[f], capacity);
            }
            times = Arrays.copyOf(times, capacity);
            labels = Arrays.copyOf(labels, capacity);
        }
        for (int f = 0; f < fields; f++) {
            Map<String, Integer> dict = codes.get(f);
            Integer code = dict.get(values[f]);
            if (code == null) {
                code = dict.size();
                dict.put(values[f], code);
                dictionaries.get(f).add(values[f]);
            }
            columns[f][size] = code;
        }
        times[size] = timeMillis;
        labels[size] = (byte) label;
        size++;
    }

    int size() {
        return size;
    }

    String[] values(int row) {
        String[] v = new String[fields];
        for (int f = 0; f < fields; f++) {
            v[f] = dictionaries.get(f).get(columns[f][row]);
        }
        return v;
    }

    int label(int row) {
        return labels[row];
    }

    long time(int row) {
        return times[row];
    }

    /**
     * Row indices in the given order. EVENT_TIME: by time, then user id, then item id as {@link IdOrder} compares
     * them, then row index (so it is stable); SHUFFLE: a Fisher-Yates permutation from {@code seed}.
     */
    int[] order(ReplayOrder order, int userField, int itemField, long seed) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        switch (order) {
            case FILE -> {
            }
            case SHUFFLE -> idx = EventSources.shuffled(size, seed);
            case EVENT_TIME -> {
                int[] userRank = ranks(userField);
                int[] itemRank = ranks(itemField);
                int[] users = columns[userField];
                int[] items = columns[itemField];
                IntSort.sort(idx, (a, b) -> {
                    int c = Long.compare(times[a], times[b]);
                    if (c == 0) {
                        c = Integer.compare(userRank[users[a]], userRank[users[b]]);
                    }
                    if (c == 0) {
                        c = Integer.compare(itemRank[items[a]], itemRank[items[b]]);
                    }
                    return c != 0 ? c : Integer.compare(a, b);
                });
            }
            default -> throw new IllegalArgumentException("unknown order " + order);
        }
        return idx;
    }

    /** rank[code] = position of the code's string among the field's distinct values in IdOrder. */
    private int[] ranks(int field) {
        List<String> dict = dictionaries.get(field);
        Integer[] byValue = new Integer[dict.size()];
        for (int i = 0; i < byValue.length; i++) {
            byValue[i] = i;
        }
        Arrays.sort(byValue, (a, b) -> IdOrder.INSTANCE.compare(dict.get(a), dict.get(b)));
        int[] rank = new int[byValue.length];
        for (int r = 0; r < byValue.length; r++) {
            rank[byValue[r]] = r;
        }
        return rank;
    }
}
