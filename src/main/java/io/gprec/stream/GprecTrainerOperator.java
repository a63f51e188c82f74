package io.gprec.stream;

import io.gprec.data.FeatureKeys;
import io.gprec.model.Batch;
import io.gprec.model.FieldLayout;
import io.gprec.model.GprecConfig;
import io.gprec.model.GprecModel;
import io.gprec.model.ModelSnapshot;
import io.gprec.model.ParameterDelta;
import io.gprec.model.Provenance;
import io.gprec.model.ReplicaSync;
import io.gprec.stream.event.Prediction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The online trainer (keyed by user): buffers events into mini-batches across users, and for
 * each batch FIRST predicts every event (inference mode) and emits the predictions, THEN trains
 * one step on it (prequential test-then-train).
 *
 * <p>State: each user's personal rows (user-id embedding and its Adam slots) live in keyed state
 * and enter the model only for the batches that need them; the shared parameters (MLPs,
 * classifier, group and item embeddings, optimiser, step, generator) are operator state, written
 * as a {@link ModelSnapshot}. The partial mini-batch is operator state too, so batch boundaries
 * do not depend on when checkpoints happen: with {@code max-wait} off, a run restored from a
 * checkpoint trains exactly the batches an uninterrupted run would, and ends with the same
 * model. After a checkpoint completes, the shared model is written to the snapshot directory as
 * {@code model-<checkpoint id>.gprec}.
 *
 * <p>At parallelism P &gt; 1 every subtask holds a replica of the shared parameters and keeps it in
 * step with the others through {@link ReplicaSync}: every {@code gprec.sync.every-batches}
 * batches it sends its delta on the {@link #DELTAS} side output (to the averaging step), and it
 * applies the averaged updates it reads from the feedback topic. The replica, its sync state
 * and the feedback offset are operator state: subtask 0's in union state, so that a rescaled job
 * starts every subtask from it, the others' in split state, read back only by their writer
 * (docs/SCALING.md). At P = 1 there is no sync and the version each prediction
 * carries is the model's step count; at P &gt; 1 it is {@link ReplicaSync#version()}.
 *
 * <p>Expiry ({@code gprec.state.ttl}, docs/SCALING.md): in event time, by the latest click time
 * trained on (the job has no watermarks, and batch boundaries must not depend on when they
 * would arrive). Users get one event-time timer each, moved lazily; shared rows are swept from
 * the model at each {@link ExpiryClock} boundary.
 */
final class GprecTrainerOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<TrainingEvent, Prediction>, BoundedOneInput, Triggerable<String, VoidNamespace> {
    /** Failures injected by gprec.trainer.fail-after-events in this JVM: lets a MiniCluster test prove it really failed. */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED_FAILURES = new java.util.concurrent.atomic.AtomicInteger();
    /** Users met with no keyed state, in this JVM: lets a MiniCluster test prove keyed state survived a rescale. */
    static final java.util.concurrent.atomic.AtomicLong NEW_USERS = new java.util.concurrent.atomic.AtomicLong();
    /** The most replica entries one subtask was handed at a restore, in this JVM: a test proves a restore reads at most two. */
    static final java.util.concurrent.atomic.AtomicInteger RESTORED_REPLICAS_MAX = new java.util.concurrent.atomic.AtomicInteger();
    /** Subtasks started from a replica in state, and those of them that found the job rescaled, in this JVM. */
    static final java.util.concurrent.atomic.AtomicInteger RESTORES = new java.util.concurrent.atomic.AtomicInteger(),
            RESCALED_RESTORES = new java.util.concurrent.atomic.AtomicInteger();
    /** Users whose state expired (gprec.state.ttl), in this JVM. */
    static final java.util.concurrent.atomic.AtomicLong EXPIRED_USERS = new java.util.concurrent.atomic.AtomicLong();
    /** Encoded {@link ParameterDelta}s, for the averaging step. */
    static final OutputTag<byte[]> DELTAS = new OutputTag<>("gprec-deltas", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private final Map<String, String> modelConfig;
    private final int[] personal, user, item;
    /** The job's mini-batch; a subtask's is {@link #batch}. */
    private final int batchSize;
    private final long maxWaitMillis;
    private final String snapshotDir;
    private final long failAfterEvents;
    private final SyncSettings sync;
    private final long ttlMillis;

    private transient GprecModel model;
    private transient List<TrainingEvent> buffer;
    /** Subtask 0's replica, given to every subtask at a restore (union state): the one a rescaled job starts from. */
    private transient ListState<ReplicaEntry> seedReplicaState;
    /** Every other subtask's own replica (split state): only its writer reads it back, at the same parallelism. */
    private transient ListState<ReplicaEntry> ownReplicaState;
    /** Null at parallelism 1. */
    private transient ReplicaSync replica;
    private transient FeedbackReader feedback;
    private transient long feedbackOffset;
    private transient int epoch, batchesSinceSend, batch;
    private transient long lastSendMillis, lastPollMillis;
    /** The round this subtask stopped waiting for (its wait timed out), or -1. */
    private transient long waitedOutRound = -1;
    /** Version minus step count, kept at P = 1 after the job ran at P &gt; 1. */
    private transient long versionOffset;
    private transient Counter syncRounds, syncDeltaBytes, syncWaitTimeouts;
    private transient ListState<TrainingEvent> bufferState;
    private transient long eventsThisAttempt;
    private transient ValueState<float[]> personalState;
    /** Personal rows as doubles, written before float32 rows: read (and moved to personalState) when a user returns. */
    private transient ValueState<double[]> legacyPersonalState;
    /** When the user's state expires (event time); one timer is pending at or before it while the user has state. */
    private transient ValueState<Long> expireAtState;
    private transient InternalTimerService<VoidNamespace> expiryTimers;
    private transient ExpiryClock expiry;
    /** Last expiry boundary swept (not state: a restored run sweeps its current boundary again, which drops nothing new). */
    private transient long lastBoundary;
    private transient Counter expiredUsers, expiredRows;
    private transient volatile long liveUsers, liveRows, stateBytes;
    private transient TreeMap<Long, ChunkedBytes> pendingSnapshots;
    private transient boolean timerSet;
    private transient Counter predictions, batches;
    /** Wall time of the last mini-batch (read state, predict, train, write state): the batch latency gauge. */
    private transient volatile double lastBatchMillis;

    /** maxWaitMillis 0: no time-based flush (deterministic batches); failAfterEvents > 0: fail once, for recovery tests. */
    GprecTrainerOperator(GprecConfig config, FieldLayout layout, int batchSize, long maxWaitMillis, String snapshotDir,
                         long failAfterEvents, SyncSettings sync, long ttlMillis) {
        this.failAfterEvents = failAfterEvents;
        this.ttlMillis = ttlMillis;
        this.sync = sync;
        this.modelConfig = new LinkedHashMap<>(config.toMap());
        this.personal = layout.personal();
        this.user = layout.user();
        this.item = layout.item();
        this.batchSize = batchSize;
        this.maxWaitMillis = maxWaitMillis;
        this.snapshotDir = snapshotDir;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // one replica in union state, the others split: a restore reads at most two replicas per subtask, not all P
        seedReplicaState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(SEED_REPLICA_STATE, ReplicaEntry.Serializer.INSTANCE));
        ownReplicaState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(OWN_REPLICA_STATE, ReplicaEntry.Serializer.INSTANCE));
        // checkpoints and savepoints of earlier builds hold every replica in union state, as byte arrays
        ListState<byte[]> legacyReplicas = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(LEGACY_REPLICA_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        bufferState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("gprec-buffered-events", org.apache.flink.api.common.typeinfo.TypeInformation.of(TrainingEvent.class)));
        var task = getRuntimeContext().getTaskInfo();
        batch = sync.subtaskBatch(batchSize, task.getNumberOfParallelSubtasks());
        buffer = new ArrayList<>(batch);
        int keyGroups = task.getMaxNumberOfParallelSubtasks();
        KeyGroupRange mine = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(keyGroups,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        for (TrainingEvent e : bufferState.get()) {
            if (mine.contains(KeyGroupRangeAssignment.assignToKeyGroup(e.userId, keyGroups))) buffer.add(e);
        }
        int index = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        List<ReplicaEntry> shared = new ArrayList<>(), own = new ArrayList<>();
        for (ReplicaEntry e : seedReplicaState.get()) shared.add(e);
        for (byte[] b : legacyReplicas.get()) shared.add(ReplicaEntry.decode(b));
        for (ReplicaEntry e : ownReplicaState.get()) own.add(e);
        // the state is rewritten at every snapshot: drop the replicas not chosen now rather than keep them in the heap
        seedReplicaState.clear();
        ownReplicaState.clear();
        legacyReplicas.clear();
        ReplicaEntry chosen = ReplicaEntry.choose(shared, own, index, parallelism).orElse(null);
        boolean rescaled = ReplicaEntry.rescaled(shared, own, index, parallelism);
        int restoredFrom = shared.size() + own.size();
        RESTORED_REPLICAS_MAX.accumulateAndGet(restoredFrom, Math::max);
        if (chosen != null) RESTORES.incrementAndGet();
        if (rescaled) RESCALED_RESTORES.incrementAndGet();
        shared = own = null;
        model = chosen != null
                ? ModelSnapshot.read(chosen.model().open()).model()
                : new GprecModel(GprecConfig.fromMap(modelConfig), new FieldLayout(personal, user, item));
        epoch = chosen == null ? 0 : chosen.epoch();
        versionOffset = chosen == null ? 0 : chosen.versionOffset();
        feedbackOffset = -1;
        if (parallelism > 1) {
            if (chosen != null && chosen.sync() != null) {
                replica = ReplicaSync.restore(model, chosen.sync());
                feedbackOffset = chosen.feedbackOffset();
                if (rescaled) replica.startEpoch(epoch + 1);
            } else {
                replica = new ReplicaSync(model);
                if (chosen != null) {
                    replica.startEpoch(epoch + 1);
                    replica.continueVersion(model.step() + versionOffset);
                }
            }
            epoch = replica.epoch();
        }
        if (rescaled) {
            LOG.info("trainer {}/{}: rescaled from {} replicas; resuming from subtask {}'s (epoch {}, round {}), now epoch {}",
                    index, parallelism, restoredFrom, chosen.subtask(), chosen.epoch(), chosen.appliedRound(), epoch);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        pendingSnapshots = new TreeMap<>();
        personalState = getKeyedStateStore().getState(
                new ValueStateDescriptor<>(PERSONAL_STATE, PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        legacyPersonalState = getKeyedStateStore().getState(
                new ValueStateDescriptor<>(LEGACY_PERSONAL_STATE, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        expireAtState = getKeyedStateStore().getState(new ValueStateDescriptor<>("gprec-expire-at", org.apache.flink.api.common.typeinfo.Types.LONG));
        expiryTimers = getInternalTimerService("gprec-expiry", VoidNamespaceSerializer.INSTANCE, this);
        expiry = new ExpiryClock(ttlMillis);
        lastBoundary = Long.MIN_VALUE;
        liveUsers = countUsers();
        expiredUsers = getMetricGroup().counter("expiredUsers");
        expiredRows = getMetricGroup().counter("expiredRows");
        getMetricGroup().gauge("liveUsers", () -> liveUsers);
        getMetricGroup().gauge("liveRows", () -> liveRows);
        getMetricGroup().gauge("stateBytes", () -> stateBytes);
        updateSizeGauges();
        predictions = getMetricGroup().counter("predictions");
        batches = getMetricGroup().counter("batches");
        getMetricGroup().gauge("modelVersion", this::version);
        syncRounds = getMetricGroup().counter("syncRoundsApplied");
        syncDeltaBytes = getMetricGroup().counter("syncDeltaBytes");
        syncWaitTimeouts = getMetricGroup().counter("syncWaitTimeouts");
        if (replica != null) {
            feedback = new FeedbackReader(sync.servers(), sync.clientProps(), sync.topic(), sync.delivery() == SyncDelivery.EXACTLY_ONCE);
            if (feedbackOffset < 0) feedbackOffset = feedback.endOffset();
            feedback.seek(feedbackOffset);
            lastSendMillis = lastPollMillis = getProcessingTimeService().getCurrentProcessingTime();
            scheduleSyncTimer();
        }
        getMetricGroup().gauge("bufferedEvents", () -> buffer.size());
        getMetricGroup().gauge("batchMillis", () -> lastBatchMillis);
    }

    static final String PERSONAL_STATE = "gprec-personal-f32", LEGACY_PERSONAL_STATE = "gprec-personal";
    static final String SEED_REPLICA_STATE = "gprec-replica-seed", OWN_REPLICA_STATE = "gprec-replica-own",
            LEGACY_REPLICA_STATE = "gprec-replica";

    /** Users with state in this subtask's key groups (once, at start: afterwards counted as they come and go). */
    private long countUsers() throws Exception {
        long n = 0;
        for (String name : new String[]{PERSONAL_STATE, LEGACY_PERSONAL_STATE}) {
            try (var keys = getKeyedStateBackend().getKeys(name, VoidNamespace.INSTANCE)) {
                n += keys.count();
            }
        }
        return n;
    }

    /**
     * Refreshes liveRows and stateBytes. stateBytes is an estimate, not a measurement: per user the
     * serialized float row (4 B length + 4 B a float) plus ≈ 8 B of key (key-group prefix and a
     * short id), and with expiry the deadline entry and its timer (8 B + key each); plus the replica
     * as its snapshot writes it: dense values and their Adam m, v (8 B each), and per shared row
     * 3·dim doubles, its id and its last-seen time. RocksDB's per-entry overhead and compression are
     * not counted (docs/BENCHMARKS.md has measured numbers).
     */
    private void updateSizeGauges() {
        final long key = 8;
        long perUser = 4 + 4L * model.personalStateLength() + key + (expiry.enabled() ? 2 * (8 + key) : 0);
        long rows = model.sharedRows();
        int dim = model.config().embeddingDim;
        liveRows = rows;
        stateBytes = liveUsers * perUser + model.denseParameterCount() * 3 * 8 + rows * (3L * dim * 8 + 16);
    }

    /** A user's personal rows, or null for a user with none or whose state expired before {@code eventTime}. */
    private float[] loadPersonal(long eventTime) throws Exception {
        float[] state = personalState.value();
        if (state == null) {
            double[] old = legacyPersonalState.value();
            if (old != null) {
                state = new float[old.length];
                for (int i = 0; i < old.length; i++) state[i] = (float) old[i];
                legacyPersonalState.clear();
            }
        }
        if (state != null && expiry.enabled()) {
            Long at = expireAtState.value();
            // the timer may not have fired yet (it fires at batch ends): the result must not depend on when it does.
            // expireAt stays, so the pending timer is found and moved instead of a second one registered
            if (at != null && at <= eventTime) {
                personalState.clear();
                countExpiredUser();
                state = null;
            }
        }
        return state;
    }

    /** Stores a user's rows after training, with its expiry deadline (a timer only if none is pending). */
    private void storePersonal(float[] state, boolean had) throws Exception {
        if (state == null) return;
        personalState.update(state);
        if (!had) liveUsers++;
        if (!expiry.enabled()) return;
        long deadline = expiry.deadline(model.clock());
        Long at = expireAtState.value();
        if (at == null) expiryTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, deadline);
        if (at == null || deadline > at) expireAtState.update(deadline);
    }

    private void countExpiredUser() {
        liveUsers--;
        expiredUsers.inc();
        EXPIRED_USERS.incrementAndGet();
    }

    /** A user's expiry timer: clears the user's state if it was not seen since, else moves the timer to the new deadline. */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        Long at = expireAtState.value();
        if (at == null) return;
        if (at > timer.getTimestamp()) {
            expiryTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
            return;
        }
        expireAtState.clear();
        boolean had = personalState.value() != null || legacyPersonalState.value() != null;
        personalState.clear();
        legacyPersonalState.clear();
        if (had) countExpiredUser();
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    /**
     * Upstream watermarks do not drive the expiry timers: the job has none but the end-of-input
     * one, which must not expire every user (a drained savepoint keeps them). The trainer advances
     * the timers itself with the event time it trains on ({@link #sweepExpired}).
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        output.emitWatermark(mark);
    }

    /** At each expiry boundary the model's clock passes: drops the shared rows and fires the user timers now due. */
    private void sweepExpired() throws Exception {
        if (!expiry.enabled() || model.clock() == io.gprec.model.EmbeddingTable.UNSTAMPED) return;
        long boundary = expiry.boundaryAtOrBefore(model.clock());
        if (boundary <= lastBoundary) return;
        lastBoundary = boundary;
        expiredRows.inc(model.expireRowsSeenBefore(expiry.cutoffAt(boundary)));
        getTimeServiceManager().orElseThrow().advanceWatermark(new Watermark(boundary));
    }

    @Override
    public void processElement(StreamRecord<TrainingEvent> element) throws Exception {
        buffer.add(element.getValue());
        if (failAfterEvents > 0 && ++eventsThisAttempt >= failAfterEvents
                && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure after " + failAfterEvents + " events (gprec.trainer.fail-after-events)");
        }
        if (buffer.size() >= batch) {
            flush();
        } else if (maxWaitMillis > 0 && !timerSet) {
            timerSet = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMillis;
            getProcessingTimeService().registerTimer(due, time -> {
                timerSet = false;
                flush();
            });
        }
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private long version() {
        return replica == null ? model.step() + versionOffset : replica.version();
    }

    /** Polls the feedback topic and sends by time even while no events arrive (an idle subtask must not stall a round). */
    private void scheduleSyncTimer() {
        long due = getProcessingTimeService().getCurrentProcessingTime() + Math.max(1, sync.pollMillis());
        getProcessingTimeService().registerTimer(due, time -> {
            pollFeedback();
            maybeSend(false);
            scheduleSyncTimer();
        });
    }

    /** Applies every averaged update that has arrived, in order, each round once. */
    private void pollFeedback() {
        pollFeedback(java.time.Duration.ofMillis(1));
    }

    private void pollFeedback(java.time.Duration timeout) {
        lastPollMillis = getProcessingTimeService().getCurrentProcessingTime();
        for (FeedbackReader.Update u : feedback.poll(timeout)) {
            feedbackOffset = u.nextOffset();
            ParameterDelta update = ParameterDelta.decode(u.value());
            // skipped: an older epoch (before a rescale), or a round already applied (at-least-once: rewritten after a restore)
            if (!replica.isNext(update)) continue;
            replica.apply(update);
            syncRounds.inc();
        }
    }

    /**
     * Bounded staleness (gprec.sync.max-staleness): with the round of its delta in flight for that many batches, the
     * subtask waits for the update before predicting and training the next batch, so that replicas drift apart by at
     * most that many local steps. The wait is bounded: a round cannot complete while another subtask sends nothing
     * (no events, or its input ended), and the task thread must not stall forever. After one timeout it does not wait
     * for that round again (else a quiet subtask would hold this one to a batch per timeout).
     */
    private void awaitRound() {
        if (sync.maxStaleness() < 0 || !replica.outstanding() || batchesSinceSend < sync.maxStaleness()
                || replica.outstandingRound() == waitedOutRound) return;
        long deadline = System.nanoTime() + sync.stalenessTimeoutMillis() * 1_000_000L;
        while (replica.outstanding() && System.nanoTime() < deadline) pollFeedback(java.time.Duration.ofMillis(5));
        if (replica.outstanding()) {
            waitedOutRound = replica.outstandingRound();
            syncWaitTimeouts.inc();
        }
    }

    /** Sends this replica's delta when its round is due and the previous one has been applied. */
    private void maybeSend(boolean afterBatch) {
        if (replica.outstanding()) return;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        boolean byBatches = afterBatch && sync.everyBatches() > 0 && batchesSinceSend >= sync.everyBatches();
        boolean byTime = sync.intervalMillis() > 0 && now - lastSendMillis >= sync.intervalMillis();
        if (!byBatches && !byTime) return;
        var info = getRuntimeContext().getTaskInfo();
        byte[] delta = replica.extractDelta(info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks()).encode();
        output.collect(DELTAS, new StreamRecord<>(delta));
        syncDeltaBytes.inc(delta.length);
        batchesSinceSend = 0;
        lastSendMillis = now;
    }

    /** Predict, emit, train: one mini-batch. */
    private void flush() throws Exception {
        int n = buffer.size();
        if (n == 0) return;
        if (replica != null && getProcessingTimeService().getCurrentProcessingTime() - lastPollMillis >= sync.pollMillis()) pollFeedback();
        if (replica != null) awaitRound();
        long start = System.nanoTime();
        int fields = personal.length + user.length + item.length;
        long[] keys = new long[n * fields];
        float[] labels = new float[n];
        Map<String, BatchUser> users = new LinkedHashMap<>();
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            TrainingEvent e = buffer.get(i);
            for (int f = 0; f < fields; f++) keys[i * fields + f] = FeatureKeys.key(f, e.values[f]);
            labels[i] = e.label;
            latest = Math.max(latest, e.eventTime);
            if (!users.containsKey(e.userId)) {
                long[] pk = new long[personal.length];
                for (int p = 0; p < personal.length; p++) pk[p] = keys[i * fields + personal[p]];
                users.put(e.userId, new BatchUser(pk, e.eventTime));
            }
        }
        // rows trained on are stamped with the batch's latest event time (expiry)
        model.advanceClock(latest);
        for (Map.Entry<String, BatchUser> u : users.entrySet()) {
            setCurrentKey(u.getKey());
            float[] state = loadPersonal(u.getValue().firstEventTime);
            u.getValue().had = state != null;
            if (state != null) model.importPersonal(u.getValue().personalKeys, state);
            else NEW_USERS.incrementAndGet();
        }
        Batch batch = new Batch(n, fields, keys, labels);
        double[] scores = new double[n];
        int[] groups = new int[n];
        model.predict(batch, scores, groups);
        long version = version();
        for (int i = 0; i < n; i++) {
            TrainingEvent e = buffer.get(i);
            output.collect(new StreamRecord<>(new Prediction(e.eventId, e.userId, e.itemId, e.label, scores[i], version,
                    e.eventTime, groups[i], e.source)));
        }
        if (replica != null) replica.beforeTrain(batch);
        model.train(batch);
        for (Map.Entry<String, BatchUser> u : users.entrySet()) {
            setCurrentKey(u.getKey());
            storePersonal(model.exportPersonal(u.getValue().personalKeys), u.getValue().had);
            model.evictPersonal(u.getValue().personalKeys);
        }
        predictions.inc(n);
        batches.inc();
        buffer.clear();
        sweepExpired();
        updateSizeGauges();
        if (replica != null) {
            batchesSinceSend++;
            maybeSend(true);
        }
        lastBatchMillis = (System.nanoTime() - start) / 1e6;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        ChunkedBytes bytes = serialize(context.getCheckpointId());
        var info = getRuntimeContext().getTaskInfo();
        List<ReplicaEntry> entry = List.of(new ReplicaEntry(info.getIndexOfThisSubtask(), info.getNumberOfParallelSubtasks(), epoch,
                replica == null ? 0 : replica.appliedRound(), feedbackOffset, version() - model.step(), bytes,
                replica == null ? null : replica.encodeState()));
        boolean seed = info.getIndexOfThisSubtask() == 0;
        seedReplicaState.update(seed ? entry : List.of());
        ownReplicaState.update(seed ? List.of() : entry);
        bufferState.update(buffer);
        // only subtask 0 writes the model file: the others must not keep their replicas alive for it
        if (seed) pendingSnapshots.put(context.getCheckpointId(), bytes);
        // a checkpoint that never completes is never notified: keep the newest two, not a replica per failed checkpoint
        while (pendingSnapshots.size() > 2) pendingSnapshots.pollFirstEntry();
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        super.notifyCheckpointAborted(checkpointId);
        pendingSnapshots.remove(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        ChunkedBytes bytes = pendingSnapshots.get(checkpointId);
        pendingSnapshots.headMap(checkpointId, true).clear();
        if (bytes != null) {
            Path file = Path.of(snapshotDir, String.format("model-%06d.gprec", checkpointId));
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tmp), 1 << 16)) {
                bytes.writeTo(out);
            }
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private ChunkedBytes serialize(long checkpointId) throws IOException {
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("source", "gprec-stream trainer");
        prov.put("version", Long.toString(checkpointId));
        prov.put("model_step", Long.toString(model.step()));
        prov.put("seed", modelConfig.get("seed"));
        prov.put("backbone", modelConfig.getOrDefault("backbone", "MLP"));
        prov.put("note", "shared parameters only: personal rows live in the job's keyed state");
        ChunkedBytes.Writer out = new ChunkedBytes.Writer();
        ModelSnapshot.write(model, Provenance.of(prov), out);
        return out.toBytes();
    }

    @Override
    public void close() throws Exception {
        if (feedback != null) feedback.close();
        super.close();
    }

    /** A user of the current mini-batch: the keys of its personal fields, its first event time, whether it had state. */
    private static final class BatchUser {
        final long[] personalKeys;
        final long firstEventTime;
        boolean had;

        BatchUser(long[] personalKeys, long firstEventTime) {
            this.personalKeys = personalKeys;
            this.firstEventTime = firstEventTime;
        }
    }

    /** For tests: the model's step count. */
    long modelStep() { return model.step(); }
}
