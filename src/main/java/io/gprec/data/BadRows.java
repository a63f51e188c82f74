package io.gprec.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts rows that cannot become events and keeps the first few messages; under {@code strict} the first one
 * aborts with a DatasetException instead. Each message says where the row is (file and line, or event index).
 */
public final class BadRows {

    /** How many messages are kept and passed on to the reporter. */
    public static final int REPORTED = 5;

    private final boolean strict;
    private final Consumer<String> reporter;
    private final List<String> first = new ArrayList<>();
    private long count;

    /** @param reporter hears each of the first {@value #REPORTED} messages as it happens; may be null */
    public BadRows(boolean strict, Consumer<String> reporter) {
        this.strict = strict;
        this.reporter = reporter != null ? reporter : m -> { };
    }

    /** Records a bad row; throws DatasetException("bad row: ...") when strict. */
    public void add(String message) {
        if (strict) {
            throw new DatasetException("bad row (--strict): " + message);
        }
        count++;
        if (first.size() < REPORTED) {
            first.add(message);
            reporter.accept(message);
        }
    }

    public long count() {
        return count;
    }

    public List<String> first() {
        return List.copyOf(first);
    }

    public boolean strict() {
        return strict;
    }
}
