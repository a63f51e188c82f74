package io.gprec.replay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts acknowledged sends and keeps the first failure; callbacks arrive on the producer's I/O thread. */
final class SendTracker implements Callback {

    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acked.incrementAndGet();
        } else {
            failures.incrementAndGet();
            firstError.compareAndSet(null, exception);
        }
    }

    long acked() {
        return acked.get();
    }

    long failures() {
        return failures.get();
    }

    /** The first failure reported, or null. */
    Exception firstError() {
        return firstError.get();
    }
}
