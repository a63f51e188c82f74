package io.gprec.stream;

import io.gprec.stream.event.Prediction;
import io.gprec.stream.metrics.MetricsSnapshot;
import io.gprec.stream.metrics.PrequentialMetrics;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Prequential metrics of the prediction stream (runs at parallelism 1): a JSON record every N
 * predictions and at the end, and the same figures as Flink gauges. Its state is checkpointed,
 * so the rolling window and the cumulative AUC continue across a restore.
 */
final class MetricsOperator extends AbstractStreamOperator<KafkaOut>
        implements OneInputStreamOperator<Prediction, KafkaOut>, BoundedOneInput {
    private static final byte[] KEY = "metrics".getBytes(StandardCharsets.UTF_8);
    private final int window, groups, every;
    private final String model;
    private transient PrequentialMetrics metrics;
    private transient ListState<byte[]> state;
    private transient long lastVersion;
    private transient volatile MetricsSnapshot last;

    /** model: the run's name in each record ("gprec" or "base"), see {@link MetricsSnapshot#toJson(String)}. */
    MetricsOperator(int window, int groups, int every, String model) {
        this.model = model;
        this.window = window;
        this.groups = groups;
        this.every = every;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("gprec-metrics", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        Iterator<byte[]> stored = state.get().iterator();
        metrics = stored.hasNext() ? PrequentialMetrics.fromBytes(stored.next()) : new PrequentialMetrics(window, groups);
    }

    @Override
    public void open() throws Exception {
        super.open();
        var g = getMetricGroup();
        g.gauge("rollingAuc", () -> last == null ? Double.NaN : last.windowAuc());
        g.gauge("rollingLogLoss", () -> last == null ? Double.NaN : last.windowLogLoss());
        g.gauge("cumulativeAuc", () -> last == null ? Double.NaN : last.cumulativeAuc());
        g.gauge("cumulativeLogLoss", () -> last == null ? Double.NaN : last.cumulativeLogLoss());
        g.gauge("ctr", () -> last == null ? Double.NaN : last.ctr());
        g.gauge("eventsPerSecond", () -> last == null ? 0.0 : last.eventsPerSecond());
        g.gauge("modelVersion", () -> last == null ? -1L : last.modelVersion());
        g.gauge("predictions", () -> metrics.count());
        // per learned group: flink_taskmanager_job_task_operator_group_predictions{group="3"} and ..._group_auc
        for (int i = 0; i < groups; i++) {
            int group = i;
            var gg = g.addGroup("group", Integer.toString(group));
            gg.gauge("predictions", () -> last == null ? 0L : last.groupCounts()[group]);
            gg.gauge("auc", () -> last == null ? Double.NaN : last.groupAuc()[group]);
        }
    }

    @Override
    public void processElement(StreamRecord<Prediction> element) throws Exception {
        Prediction p = element.getValue();
        lastVersion = p.modelVersion();
        metrics.add(p, System.currentTimeMillis());
        if (metrics.count() % every == 0) emit();
    }

    @Override
    public void endInput() throws Exception {
        if (metrics.count() % every != 0) emit(); // else the last record is already out
    }

    private void emit() {
        last = metrics.snapshot(System.currentTimeMillis());
        output.collect(new StreamRecord<>(new KafkaOut(KEY, last.toJson(model))));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        state.update(List.of(metrics.toBytes()));
    }
}
