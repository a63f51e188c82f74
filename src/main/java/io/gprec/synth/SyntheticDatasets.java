package io.gprec.synth;

import io.gprec.data.Dataset;
import io.gprec.data.Interaction;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory form of a synthetic stream, for the local run and for tests.
 *
 * <pre>
 * Dataset d = SyntheticDatasets.generate(SyntheticSpec.defaults().withEvents(100_000));
 * </pre>
 * Interaction timestamps are epoch seconds (the event time divided by 1000), in stream order.
 */
public final class SyntheticDatasets {
    /** Above this the caller should stream (files or Kafka) rather than hold the events. */
    public static final long MAX_IN_MEMORY_EVENTS = 20_000_000;

    private SyntheticDatasets() {}

    public static Dataset generate(SyntheticSpec spec) {
        return generate(new SyntheticLayout(new PlantedWorld(spec)));
    }

    public static Dataset generate(SyntheticLayout layout) {
        SyntheticSpec spec = layout.world().spec();
        if (spec.events() > MAX_IN_MEMORY_EVENTS) {
            throw new IllegalArgumentException(spec.events() + " events are too many to hold in memory (at most "
                    + MAX_IN_MEMORY_EVENTS + "); write them to files or Kafka with 'gprec generate'");
        }
        ClickStream stream = new ClickStream(layout.world());
        ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
        List<Interaction> out = new ArrayList<>((int) spec.events());
        String[] row = new String[layout.schema().size()];
        while (stream.next(c)) {
            out.add(new Interaction(layout.values(c.user, c.item, row), c.label, c.timeMillis / 1000));
        }
        return new Dataset(SyntheticLayout.DATASET_NAME, layout.schema(), out);
    }
}
