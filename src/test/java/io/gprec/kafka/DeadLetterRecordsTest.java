package io.gprec.kafka;

import io.gprec.stream.event.DeadLetter;
import io.gprec.stream.event.Rejection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dead-letter record layout: original bytes as the value, the reason in headers, and back. */
class DeadLetterRecordsTest {

    private static DeadLetter roundTrip(DeadLetter d) {
        ProducerRecord<byte[], byte[]> out = DeadLetterRecords.toRecord("dead", d);
        assertThat(out.topic()).isEqualTo("dead");
        assertThat(out.value()).isEqualTo(d.original());
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo(d.source());
        return DeadLetterRecords.fromRecord(consumed(out.value(), new RecordHeaders(out.headers().toArray())));
    }

    private static ConsumerRecord<byte[], byte[]> consumed(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("dead", 0, 3L, 0L, TimestampType.CREATE_TIME, 0, value == null ? -1 : value.length,
                null, value, headers, Optional.empty());
    }

    @Test
    void textBinaryEmptyAndTombstoneRecordsComeBackByteForByte() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) random.nextInt(256);
        for (byte[] original : new byte[][] {"{\"label\":2, \"note\":\"é😀\"}".getBytes(StandardCharsets.UTF_8), binary, new byte[0], null}) {
            DeadLetter d = new DeadLetter("clicks/1/7", Rejection.BAD_LABEL, "label must be 0 or 1, got 2 — é", original, 1_700_000_000_123L);
            assertThat(roundTrip(d)).isEqualTo(d);
        }
    }

    @Test
    void aDeadLetterIsOnlyAFewHundredBytesLargerThanItsRecord() {
        byte[] big = new byte[1_000_000];
        DeadLetter d = new DeadLetter("clicks/0/123456", Rejection.OVERSIZED,
                "record is 1000000 bytes, larger than the maximum of 65536 bytes", big, 1L);
        ProducerRecord<byte[], byte[]> r = DeadLetterRecords.toRecord("dead", d);
        int headerBytes = 0;
        for (var h : r.headers()) headerBytes += h.key().length() + h.value().length;
        assertThat(r.value().length + r.key().length + headerBytes).isLessThan(big.length + 400);
    }

    @Test
    void aRecordWithoutTheReasonHeadersIsRefused() {
        assertThatThrownBy(() -> DeadLetterRecords.fromRecord(consumed(new byte[] {1}, new RecordHeaders())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(DeadLetterRecords.ORIGINAL_TIMESTAMP);
        RecordHeaders shortTime = new RecordHeaders();
        shortTime.add(DeadLetterRecords.ORIGINAL_TIMESTAMP, new byte[] {1, 2});
        assertThatThrownBy(() -> DeadLetterRecords.fromRecord(consumed(new byte[] {1}, shortTime)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 bytes");
    }
}
