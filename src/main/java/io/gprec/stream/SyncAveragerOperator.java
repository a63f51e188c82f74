package io.gprec.stream;

import io.gprec.model.DeltaAverager;
import io.gprec.model.DenseCombine;
import io.gprec.model.ParameterDelta;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The averaging step of parameter synchronisation (parallelism 1): collects the P deltas of a
 * round from the trainer subtasks and emits their average for the feedback topic. The round
 * being collected is operator state, so a restore neither loses nor repeats a delta. An update
 * larger than a Kafka record may be (1 MB by default; 1.9 MB of float32 dense parameters at G = 60) goes
 * out in chunks ({@link FeedbackReader#chunks}).
 */
final class SyncAveragerOperator extends AbstractStreamOperator<KafkaOut> implements OneInputStreamOperator<byte[], KafkaOut> {
    private static final byte[] KEY = "sync".getBytes(StandardCharsets.UTF_8);
    private final DenseCombine combine;
    private transient DeltaAverager averager;
    private transient ListState<byte[]> state;
    private transient Counter rounds;
    private transient volatile long lastRound = -1, lastRoundBytes, lastRoundRows;

    SyncAveragerOperator(DenseCombine combine) {
        this.combine = combine;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("gprec-sync-round", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        averager = new DeltaAverager(combine);
        for (byte[] d : state.get()) averager.add(ParameterDelta.decode(d));
    }

    @Override
    public void open() throws Exception {
        super.open();
        rounds = getMetricGroup().counter("syncRounds");
        getMetricGroup().gauge("syncLastRound", () -> lastRound);
        getMetricGroup().gauge("syncRoundBytes", () -> lastRoundBytes);
        getMetricGroup().gauge("syncRoundRows", () -> lastRoundRows);
        getMetricGroup().gauge("syncDroppedDeltas", () -> averager.dropped());
        getMetricGroup().gauge("syncDivergedRounds", () -> averager.diverged());
    }

    @Override
    public void processElement(StreamRecord<byte[]> element) {
        var average = averager.add(ParameterDelta.decode(element.getValue()));
        if (average.isEmpty()) return;
        ParameterDelta a = average.get();
        if (a.baseHash() == 0) LOG.warn("sync round {}: the subtasks' synced bases differ", a.round());
        byte[] bytes = a.encode();
        lastRound = a.round();
        lastRoundBytes = bytes.length;
        lastRoundRows = a.rowCount();
        rounds.inc();
        // one transaction, one partition: the chunks of an update are contiguous in the topic
        for (byte[] chunk : FeedbackReader.chunks(bytes)) output.collect(new StreamRecord<>(new KafkaOut(KEY, chunk)));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> pending = new ArrayList<>();
        for (ParameterDelta d : averager.pending()) pending.add(d.encode());
        state.update(pending);
    }
}
