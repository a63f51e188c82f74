package io.gprec.stream;

import io.gprec.stream.event.DeadLetter;

/** A click the validation rejected, on its way to the dead-letter topic (a Flink POJO; value null = tombstone). */
public class RejectedClick {
    public String source;
    public byte[] value;
    public long kafkaTimestamp;
    public String code;
    public String message;

    public RejectedClick() {}

    RejectedClick(RawClick raw, String code, String message) {
        this.source = raw.source;
        this.value = raw.value;
        this.kafkaTimestamp = raw.kafkaTimestamp;
        this.code = code;
        this.message = message;
    }

    DeadLetter toDeadLetter() {
        return new DeadLetter(source, code, message, value, kafkaTimestamp);
    }
}
