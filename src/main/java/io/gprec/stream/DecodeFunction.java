package io.gprec.stream;

import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Validates raw clicks: valid ones go on to training, every other record to the dead-letter output with its reason. */
final class DecodeFunction extends ProcessFunction<RawClick, TrainingEvent> {
    static final OutputTag<RejectedClick> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(RejectedClick.class));

    private final ClickEventCodec codec;
    private transient Counter deadLetters;

    DecodeFunction(ClickEventCodec codec) {
        this.codec = codec;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawClick raw, Context ctx, Collector<TrainingEvent> out) {
        Decoded d = codec.decode(raw.value);
        if (d.ok()) {
            ClickEvent e = d.event();
            out.collect(new TrainingEvent(e.eventId(), e.userId(), e.itemId(), e.label(), e.eventTimeMillis(), e.values(), raw.source));
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, new RejectedClick(raw, d.rejection().code(), d.rejection().message()));
        }
    }
}
