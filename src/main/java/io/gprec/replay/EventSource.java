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

    /** How a source feeds its events: the body of {@link #forEach}. */
    @FunctionalInterface
    interface Feed {
        void forEach(long from, Sink sink);
    }

    /** A source named {@code name} of {@code size} events that {@code feed} produces. */
    static EventSource of(String name, ClickEventCodec codec, long size, Feed feed) {
        return new EventSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ClickEventCodec codec() {
                return codec;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public void forEach(long from, Sink sink) {
                feed.forEach(from, sink);
            }
        };
    }
}
