package io.gprec.replay;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetSchema;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;

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

    /** How many records Kafka acknowledged, and the wall time from the first send to the end of the flush. */
    public record Result(long produced, double seconds) {

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
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(producerProps, "producerProps");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank, got " + (topic == null ? "null" : "'" + topic + "'"));
        }
        if (!codec.schema().equals(dataset.schema())) {
            throw new IllegalArgumentException("codec schema " + codec.schema() + " does not match the schema of dataset '"
                    + dataset.name() + "': " + dataset.schema());
        }
        LongConsumer report = progress != null ? progress : count -> { };
        List<Interaction> rows = ordered(dataset, order);
        long total = limit <= 0 ? rows.size() : Math.min(limit, rows.size());
        String what = "replay of dataset '" + dataset.name() + "' into topic '" + topic + "'";

        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(producerProps));
        } catch (KafkaException e) {
            throw new ReplayException(what + " failed: cannot create the producer: " + e.getMessage(), e);
        }
        SendTracker tracker = new SendTracker();
        boolean flushed = false;
        long sent = 0;
        long t0 = System.nanoTime();
        double seconds;
        try {
            // Stop at the first reported failure: the replay fails anyway, and later sends would only pile up errors.
            while (sent < total && tracker.firstError() == null) {
                producer.send(record(dataset, codec, order, rows, (int) sent, topic), tracker);
                sent++;
                if (sent % PROGRESS_EVERY == 0 && sent < total) {
                    report.accept(sent);
                }
            }
            if (tracker.firstError() == null) {
                producer.flush();
                flushed = true;
            }
            seconds = (System.nanoTime() - t0) / 1e9;
        } catch (KafkaException e) {
            // send() and flush() throw directly for errors that are not per-record (closed producer, interrupt).
            throw new ReplayException(what + " failed after " + sent + " of " + total + " records were sent: "
                    + e, e);
        } finally {
            // Unflushed means failing: drop what is still queued rather than wait out the delivery timeout.
            producer.close(flushed ? CLOSE_TIMEOUT : Duration.ZERO);
        }

        Exception first = tracker.firstError();
        if (first != null || tracker.acked() != total) {
            throw new ReplayException(what + " failed: " + tracker.acked() + " of " + total + " records acknowledged, "
                    + tracker.failures() + " send error(s); first error: " + (first != null ? first : "none reported"), first);
        }
        report.accept(total);
        return new Result(total, seconds);
    }

    /**
     * Streaming entry point: sends {@code events} (at most {@code limit}, all if {@code limit <= 0}) with the
     * same producer settings and failure handling as {@link #replay}, never holding more than the producer's
     * buffer, so the source may be far larger than memory (the synthetic generator uses it).
     *
     * @param what names the source in error messages, e.g. "synthetic stream"
     */
    public static Result produce(java.util.Iterator<ClickEvent> events, ClickEventCodec codec, Properties producerProps,
                                 String topic, long limit, LongConsumer progress, String what) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(producerProps, "producerProps");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank, got " + (topic == null ? "null" : "'" + topic + "'"));
        }
        LongConsumer report = progress != null ? progress : count -> { };
        String context = what + " into topic '" + topic + "'";
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(producerProps));
        } catch (KafkaException e) {
            throw new ReplayException(context + " failed: cannot create the producer: " + e.getMessage(), e);
        }
        SendTracker tracker = new SendTracker();
        boolean flushed = false;
        long sent = 0;
        long t0 = System.nanoTime();
        double seconds;
        try {
            while ((limit <= 0 || sent < limit) && tracker.firstError() == null && events.hasNext()) {
                ClickEvent event = events.next();
                producer.send(new ProducerRecord<>(topic, codec.key(event), codec.encode(event)), tracker);
                sent++;
                if (sent % PROGRESS_EVERY == 0) {
                    report.accept(sent);
                }
            }
            if (tracker.firstError() == null) {
                producer.flush();
                flushed = true;
            }
            seconds = (System.nanoTime() - t0) / 1e9;
        } catch (KafkaException e) {
            throw new ReplayException(context + " failed after " + sent + " records were sent: " + e, e);
        } finally {
            producer.close(flushed ? CLOSE_TIMEOUT : Duration.ZERO);
        }
        Exception first = tracker.firstError();
        if (first != null || tracker.acked() != sent) {
            throw new ReplayException(context + " failed: " + tracker.acked() + " of " + sent + " records acknowledged, "
                    + tracker.failures() + " send error(s); first error: " + (first != null ? first : "none reported"), first);
        }
        report.accept(sent);
        return new Result(sent, seconds);
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

    private static ProducerRecord<byte[], byte[]> record(Dataset dataset, ClickEventCodec codec, ReplayOrder order,
                                                         List<Interaction> rows, int index, String topic) {
        try {
            ClickEvent event = codec.fromInteraction(eventId(dataset.name(), index), rows.get(index));
            return new ProducerRecord<>(topic, codec.key(event), codec.encode(event));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("interaction " + index + " (in " + order + " order) of dataset '"
                    + dataset.name() + "' cannot be sent as a click event: " + e.getMessage(), e);
        }
    }
}
