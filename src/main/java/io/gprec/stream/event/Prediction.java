package io.gprec.stream.event;

import java.util.Objects;

/**
 * One prediction of the streaming job, made before training on the event (test-then-train).
 *
 * @param score           the predicted click probability; must be finite, since JSON has no NaN or Infinity and a
 *                        non-finite score means the model diverged, which should fail loudly where it happens
 * @param modelVersion    version of the model that made the prediction
 * @param eventTimeMillis event time of the input click in epoch milliseconds
 * @param group           the user's strongest group (argmax of m^1), or -1 for the base model
 * @param source          "topic/partition/offset" of the input record
 */
public record Prediction(String eventId, String userId, String itemId, int label, double score, long modelVersion,
                         long eventTimeMillis, int group, String source) {

    public Prediction {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(source, "source");
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score + " for event " + eventId);
        }
        if (group < -1) {
            throw new IllegalArgumentException("group must be -1 (base model) or a group index, got " + group);
        }
    }
}
