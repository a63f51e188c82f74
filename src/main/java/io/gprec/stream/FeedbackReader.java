package io.gprec.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the sync feedback topic inside a trainer subtask: every subtask reads the whole single
 * partition (a broadcast) from an offset the subtask keeps in its own operator state (no consumer
 * group: Kafka does not track it). Used from the task thread only.
 *
 * <p>With exactly-once feedback it reads committed records only, and a chunk out of sequence is
 * an error (another writer). With at-least-once feedback it reads uncommitted records, and an
 * update whose writer failed between chunks leaves an incomplete sequence in the topic: it is
 * skipped (the next chunk 0 starts a new update), and the replica's round numbers skip the
 * duplicate updates a restored averager writes again ({@code ReplicaSync#isNext}).
 */
final class FeedbackReader implements AutoCloseable {
    /** One committed record and the offset to resume after it. */
    record Update(long nextOffset, byte[] value) {}

    /** Payload bytes per record: below Kafka's default 1 MB record and request limits, with room for the batch headers. */
    static final int CHUNK = 900 * 1024;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final boolean committedOnly;
    private java.io.ByteArrayOutputStream partial;
    private int nextChunk;
    private long skippedChunks;

    /** committedOnly: read_committed and strict chunk order (exactly-once feedback); else read_uncommitted, lenient. */
    FeedbackReader(String servers, Properties clientProps, String topic, boolean committedOnly) {
        this.committedOnly = committedOnly;
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put("bootstrap.servers", servers);
        p.put("isolation.level", committedOnly ? "read_committed" : "read_uncommitted");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        // an update is ~1.9 MB (G = 60, float32 values) in 900 KB chunks: fetch a whole update in one round trip, not one chunk per fetch
        p.putIfAbsent("fetch.max.bytes", Integer.toString(64 << 20));
        p.putIfAbsent("max.partition.fetch.bytes", Integer.toString(16 << 20));
        p.putIfAbsent("receive.buffer.bytes", Integer.toString(4 << 20));
        p.putIfAbsent("fetch.min.bytes", "1");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).size();
        if (partitions != 1) {
            consumer.close();
            throw new IllegalArgumentException(SyncOptions.TOPIC.key() + ": topic '" + topic + "' must have exactly 1 partition, has "
                    + partitions);
        }
        partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
    }

    /** The end of the committed records: where a fresh run starts, so updates of older runs are never applied. */
    long endOffset() {
        return consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
    }

    void seek(long offset) {
        partial = null;
        nextChunk = 0;
        consumer.seek(partition, offset);
    }

    /**
     * The complete updates among what is already fetched or arrives within a few milliseconds
     * (never blocks longer); an update's offset is the one after its last chunk, so a subtask
     * that saves it never resumes in the middle of an update.
     */
    List<Update> poll() {
        return poll(Duration.ofMillis(1));
    }

    /** As {@link #poll()}, waiting up to {@code timeout} for records when none are fetched yet. */
    List<Update> poll(Duration timeout) {
        List<Update> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(r.value());
            int index = b.getInt(), count = b.getInt();
            if (!committedOnly && (index != nextChunk || count < 1 || index >= count)) {
                // a writer that failed mid-update (at-least-once): drop the incomplete update; a chunk 0 starts the next one
                skippedChunks += partial == null ? 0 : nextChunk;
                partial = null;
                nextChunk = 0;
                if (index != 0 || count < 1) {
                    skippedChunks++;
                    continue;
                }
            }
            if (index != nextChunk || count < 1 || index >= count) {
                throw new IllegalStateException("feedback topic " + partition + " offset " + r.offset() + ": chunk " + index + " of "
                        + count + ", expected chunk " + nextChunk + " (is another job writing to " + SyncOptions.TOPIC.key() + "?)");
            }
            if (index == 0) partial = new java.io.ByteArrayOutputStream();
            partial.write(r.value(), 8, r.value().length - 8);
            nextChunk = index + 1;
            if (nextChunk == count) {
                out.add(new Update(r.offset() + 1, partial.toByteArray()));
                partial = null;
                nextChunk = 0;
            }
        }
        return out;
    }

    /** Chunks thrown away as parts of incomplete updates (at-least-once only). */
    long skippedChunks() { return skippedChunks; }

    /** {@code bytes} as records of at most {@link #CHUNK} payload bytes, each headed by (int index, int count). */
    static List<byte[]> chunks(byte[] bytes) {
        int count = Math.max(1, (bytes.length + CHUNK - 1) / CHUNK);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * CHUNK, n = Math.min(CHUNK, bytes.length - from);
            out.add(java.nio.ByteBuffer.allocate(8 + n).putInt(i).putInt(count).put(bytes, from, n).array());
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
