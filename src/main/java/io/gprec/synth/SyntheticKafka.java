package io.gprec.synth;

import io.gprec.replay.DatasetReplayer;
import io.gprec.stream.event.ClickCodecLimits;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Produces a synthetic stream straight to Kafka as the job's click events (key = user id), through
 * {@link DatasetReplayer#produce}, generating each event as it is sent.
 */
public final class SyntheticKafka {
    private SyntheticKafka() {}

    /** The codec of a synthetic layout: user id field {@code user_id}, item id field {@code item_id}. */
    public static ClickEventCodec codec(SyntheticLayout layout) {
        return new ClickEventCodec(layout.schema(), SyntheticLayout.USER_ID, SyntheticLayout.ITEM_ID, ClickCodecLimits.defaults());
    }

    /** The stream as click events with ids {@code synthetic-<index, 9 digits>}. */
    public static Iterator<ClickEvent> events(SyntheticLayout layout) {
        ClickStream stream = new ClickStream(layout.world());
        String[] row = new String[layout.schema().size()];
        return new Iterator<>() {
            private final ClickStream.SyntheticClick c = new ClickStream.SyntheticClick();
            private boolean ready;

            @Override
            public boolean hasNext() {
                if (!ready) ready = stream.next(c);
                return ready;
            }

            @Override
            public ClickEvent next() {
                if (!hasNext()) throw new NoSuchElementException();
                ready = false;
                layout.values(c.user, c.item, row);
                return new ClickEvent(eventId(c.index), row[0], Integer.toString(c.item), c.label, c.timeMillis, row);
            }
        };
    }

    public static DatasetReplayer.Result produce(SyntheticLayout layout, Properties clientProps, String topic,
                                                 LongConsumer progress) {
        return DatasetReplayer.produce(events(layout), codec(layout), clientProps, topic, 0, progress, "synthetic stream");
    }

    /** Creates the topic with {@code partitions} partitions unless it exists; one-line errors. */
    public static void ensureTopic(Properties clientProps, String topic, int partitions) {
        try (Admin admin = Admin.create(clientProps)) {
            try {
                if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) return;
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic '" + topic + "': " + e.getCause().getMessage(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + clientProps.getProperty("bootstrap.servers")
                        + " within 30 s to create topic '" + topic + "'", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic '" + topic + "'", e);
            }
        }
    }

    static String eventId(long index) {
        String digits = Long.toString(index);
        StringBuilder id = new StringBuilder(SyntheticLayout.DATASET_NAME.length() + 10 + digits.length())
                .append(SyntheticLayout.DATASET_NAME).append('-');
        for (int pad = digits.length(); pad < 9; pad++) id.append('0');
        return id.append(digits).toString();
    }
}
