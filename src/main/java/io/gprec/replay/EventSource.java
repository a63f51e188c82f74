package io.gprec.replay;

import io.gprec.stream.event.ClickEventCodec;

/** The events of a dataset in replay order, with the codec that turns them into the job's click events. */
public interface EventSource {

    /** Receives the event at {@code index} of the replay order; return false to stop. */
    @FunctionalInterface
    interface Sink {
        boolean accept(long index, String[] values, int label, long timeMillis);
    }

    /** Prefix of the event ids. */
    String name();

    ClickEventCodec codec();

    /** How many events the source holds, or an estimate when it streams a file (bad rows are not known yet). */
    long size();

    /** Feeds the events from index {@code from} on (earlier ones are skipped, not sent) until the sink says stop. */
    void forEach(long from, Sink sink);
}
