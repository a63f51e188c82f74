package io.gprec.replay;

import io.gprec.data.BadRows;
import io.gprec.data.Dataset;
import io.gprec.data.DatasetSchema;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.ClickEventWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.LongConsumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays interactions into Kafka as JSON click events keyed by user id (one user's events stay in
 * order on one partition).
 *
 * <p>The producer is idempotent with {@code acks=all}, so retries neither duplicate nor reorder a
 * partition's records. Caller properties supply the connection (bootstrap servers, security,
 * timeouts); the delivery settings listed in {@link #producerConfig} always override them.
 */
public final class DatasetReplayer {

    /** How often {@code progress} hears the running count. */
    static final int PROGRESS_EVERY = 1000;
    static final int BATCH_BYTES = 256 * 1024;
    /** Bound on closing after a success: everything is flushed by then, so this only covers shutdown. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How many records Kafka acknowledged, the wall time from the first send to the end of the flush, and the
     * bytes of their keys and values (for comparing with producer benchmarks of a fixed record size). Over the same
     * span: {@code cpuSeconds}, the whole JVM's CPU time (sending thread, producer I/O thread, JIT, GC; NaN where
     * the JVM does not report it) and {@code sendThreadCpuSeconds}, the calling thread's, so runs on a shared machine
     * can be compared by CPU cost per event rather than by wall clock.
     */
    public record Result(long produced, double seconds, long bytes, double cpuSeconds, double sendThreadCpuSeconds) {

        /** Records per second, or 0 for an empty or instant replay. */
        public double recordsPerSecond() {
            return seconds > 0 ? produced / seconds : 0;
        }
    }

    private DatasetReplayer() {
    }

    /**
     * Sends the first {@code limit} interactions in {@code order} (all if {@code limit <= 0}), flushes and
     * closes the producer. Event ids are {@code "<datasetName>-<index in replay order, zero-padded to 9
     * digits>"}, so they are distinct and sort like the replay.
     *
     * @param progress called on this thread with the running count every {@value #PROGRESS_EVERY} records
     *                 and once with the final count after the flush; may be null
     * @throws ReplayException          if the producer cannot be created or any send fails; the message
     *                                  names the topic and the first error
     * @throws IllegalArgumentException if the codec's schema is not the dataset's, or an interaction cannot
     *                                  be encoded (the replay stops there)
     */
    public static Result replay(Dataset dataset, ClickEventCodec codec, ReplayOrder order, Properties producerProps,
                                String topic, long limit, LongConsumer progress) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(order, "order");
        EventSource source = EventSources.of(dataset, codec, order, 0);
        return send(source, producerProps, topic, new Plan(0, limit, Pacer.unpaced()), (index, e) -> {
            throw new IllegalArgumentException("interaction " + index + " (in " + order + " order) of dataset '"
                    + dataset.name() + "' cannot be sent as a click event: " + e.getMessage(), e);
        }, progress);
    }

    /** Which part of the ordered stream to send and how fast: skip {@code startOffset}, then at most {@code limit} (0 = all). */
    public record Plan(long startOffset, long limit, Pacer pacer) {
        public Plan {
            if (startOffset < 0) {
                throw new IllegalArgumentException("start offset must be >= 0, got " + startOffset);
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
            }
            Objects.requireNonNull(pacer, "pacer");
        }

        /** How many events this plan sends from a source of {@code size} events. */
        public long total(long size) {
            long left = Math.max(0, size - startOffset);
            return limit == 0 ? left : Math.min(limit, left);
        }
    }

    /**
     * Sends {@code source}'s events as the plan says; an event the codec cannot encode (empty or too long value,
     * time out of range) is a bad row: counted in {@code bad} and skipped, or, when {@code bad} is strict, the end
     * of the replay (a DatasetException; what was queued is dropped). Event ids carry the index in the full
     * ordered stream, so a resumed replay ({@code startOffset}) continues the same ids.
     *
     * @param progress hears the running count every {@value #PROGRESS_EVERY} records and the final count; may be null
     */
    public static Result replay(EventSource source, Properties producerProps, String topic, Plan plan, BadRows bad,
                                LongConsumer progress) {
        Objects.requireNonNull(bad, "bad");
        return send(source, producerProps, topic, plan,
                (index, e) -> bad.add("event " + index + " of '" + source.name() + "': " + e.getMessage()), progress);
    }

    /** What to do with an event the codec rejects. */
    @FunctionalInterface
    private interface BadEvent {
        void handle(long index, IllegalArgumentException e);
    }

    private static Result send(EventSource source, Properties producerProps, String topic, Plan plan, BadEvent onBad,
                               LongConsumer progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(producerProps, "producerProps");
        Objects.requireNonNull(plan, "plan");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank, got " + (topic == null ? "null" : "'" + topic + "'"));
        }
        LongConsumer report = progress != null ? progress : count -> { };
        ClickEventWriter writer = new ClickEventWriter(source.codec());
        String idPrefix = source.name();
        long limit = plan.limit() == 0 ? Long.MAX_VALUE : plan.limit();
        String what = "replay of dataset '" + source.name() + "' into topic '" + topic + "'";

        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(producerProps));
        } catch (KafkaException e) {
            throw new ReplayException(what + " failed: cannot create the producer: " + e.getMessage(), e);
        }
        SendTracker tracker = new SendTracker();
        boolean flushed = false;
        long[] sent = {0};
        long[] bytes = {0};
        boolean[] interrupted = {false};
        Pacer pacer = plan.pacer();
        CpuClock cpu = new CpuClock();
        long t0 = System.nanoTime();
        pacer.start();
        double seconds;
        try {
            source.forEach(plan.startOffset(), (index, values, label, millis) -> {
                // Stop at the first reported failure: the replay fails anyway, and later sends would only pile up errors.
                if (sent[0] >= limit || tracker.firstError() != null) {
                    return false;
                }
                byte[] key;
                byte[] value;
                try {
                    // The codec's bytes, written straight from the row: no ClickEvent, no Jackson generator per event.
                    value = writer.encode(eventId(idPrefix, index), values, label, millis);
                    key = writer.key(values);
                } catch (IllegalArgumentException e) {
                    onBad.handle(index, e);
                    return true;
                }
                try {
                    pacer.await(sent[0], millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupted[0] = true;
                    return false;
                }
                producer.send(new ProducerRecord<>(topic, key, value), tracker);
                sent[0]++;
                bytes[0] += key.length + value.length;
                if (sent[0] % PROGRESS_EVERY == 0) {
                    report.accept(sent[0]);
                }
                return true;
            });
            if (tracker.firstError() == null && !interrupted[0]) {
                producer.flush();
                flushed = true;
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu.stop();
        } catch (KafkaException e) {
            // send() and flush() throw directly for errors that are not per-record (closed producer, interrupt).
            throw new ReplayException(what + " failed after " + sent[0] + " records were sent: " + e, e);
        } finally {
            // Unflushed means failing: drop what is still queued rather than wait out the delivery timeout.
            producer.close(flushed ? CLOSE_TIMEOUT : Duration.ZERO);
        }
        long total = sent[0];
        if (interrupted[0]) {
            throw new ReplayException(what + " was interrupted after " + total + " records were sent", null);
        }
        Exception first = tracker.firstError();
        if (first != null || tracker.acked() != total) {
            throw new ReplayException(what + " failed: " + tracker.acked() + " of " + total + " records acknowledged, "
                    + tracker.failures() + " send error(s); first error: " + (first != null ? first : "none reported"), first);
        }
        if (total % PROGRESS_EVERY != 0 || total == 0) {
            report.accept(total);
        }
        return new Result(total, seconds, bytes[0], cpu.processSeconds(), cpu.threadSeconds());
    }

    /**
     * The replay order, for tests and for the job's expectations. EVENT_TIME sorts stably by timestamp,
     * then user id, then item id, where the user id is the schema's first PERSONAL field (else its first
     * USER field) and the item id its first ITEM field ({@code user_id} and {@code movie_id} for
     * MovieLens); ids compare as in {@link IdOrder}. FILE is the dataset's own list.
     */
    public static List<Interaction> ordered(Dataset dataset, ReplayOrder order) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(order, "order");
        if (order == ReplayOrder.FILE) {
            return dataset.interactions();
        }
        if (order == ReplayOrder.SHUFFLE) {
            throw new IllegalArgumentException("SHUFFLE needs a seed: use EventSources.of(dataset, codec, SHUFFLE, seed)");
        }
        DatasetSchema schema = dataset.schema();
        int user = schema.userIndices()[0];
        int item = schema.indicesOf(FieldRole.ITEM)[0];
        Comparator<Interaction> byTime = Comparator.<Interaction>comparingLong(Interaction::timestamp)
                .thenComparing(x -> x.values()[user], IdOrder.INSTANCE)
                .thenComparing(x -> x.values()[item], IdOrder.INSTANCE);
        List<Interaction> sorted = new ArrayList<>(dataset.interactions());
        sorted.sort(byTime); // List.sort is stable: full ties keep their file order
        return List.copyOf(sorted);
    }

    /** {@code "<datasetName>-<index zero-padded to 9 digits>"}. */
    static String eventId(String datasetName, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("event index must be >= 0, got " + index);
        }
        // Padded by hand: String.format costs more than encoding the rest of the event.
        String digits = Long.toString(index);
        StringBuilder id = new StringBuilder(datasetName.length() + 10 + digits.length()).append(datasetName).append('-');
        for (int pad = digits.length(); pad < 9; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /**
     * The caller's properties with the delivery settings forced: idempotence, acks=all, linger 5 ms,
     * 256 KiB batches, no compression, byte-array key and value.
     */
    static Properties producerConfig(Properties callerProps) {
        Properties p = new Properties();
        p.putAll(callerProps);
        for (String name : callerProps.stringPropertyNames()) {
            p.setProperty(name, callerProps.getProperty(name)); // also copies the caller's defaults
        }
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
        p.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
