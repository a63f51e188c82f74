package io.gprec.synth;

import io.gprec.data.BadRows;
import io.gprec.replay.DatasetReplayer;
import io.gprec.replay.EventSource;
import io.gprec.replay.Pacer;
import io.gprec.stream.event.ClickEventCodec;

import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * Produces a synthetic stream straight to Kafka as the job's click events (key = user id), through
 * {@link DatasetReplayer}, generating each event as it is sent: memory stays O(users + items).
 */
public final class SyntheticKafka {
    private SyntheticKafka() {}

    /** The stream as a replay source: events with ids {@code synthetic-<index, 9 digits>}, generated as they are sent. */
    public static EventSource source(SyntheticLayout layout) {
        // user_id and item_id are the layout's first PERSONAL and ITEM fields: the job decodes with the same codec
        ClickEventCodec codec = ClickEventCodec.forSchema(layout.schema());
        return EventSource.of("synthetic", codec, layout.world().spec().events(), (from, sink) -> {
            ClickStream stream = new ClickStream(layout.world());
            ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
            String[] row = new String[layout.schema().size()];
            while (stream.next(c)) {
                if (c.index < from) continue;
                layout.values(c.user, c.item, row);
                if (!sink.accept(c.index, row, c.label, c.timeMillis)) return;
            }
        });
    }

    /** Sends the whole stream through {@link DatasetReplayer} (idempotent producer, one-line failures). */
    public static DatasetReplayer.Result produce(SyntheticLayout layout, Properties clientProps, String topic,
                                                 LongConsumer progress) {
        return produce(layout, clientProps, topic, Pacer.unpaced(), progress);
    }

    /** As {@link #produce(SyntheticLayout, Properties, String, LongConsumer)}, sending each event when {@code pacer} says. */
    public static DatasetReplayer.Result produce(SyntheticLayout layout, Properties clientProps, String topic, Pacer pacer,
                                                 LongConsumer progress) {
        BadRows strict = new BadRows(true, message -> { });
        return DatasetReplayer.replay(source(layout), clientProps, topic,
                new DatasetReplayer.Plan(0, 0, pacer), strict, progress);
    }
}
