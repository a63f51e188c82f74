package io.gprec.stream;

/** A validated click on its way to the trainer (a Flink POJO; values are aligned with the schema's fields). */
public class TrainingEvent {
    public String eventId;
    public String userId;
    public String itemId;
    public int label;
    public long eventTime;
    public String[] values;
    public String source;

    public TrainingEvent() {}

    public TrainingEvent(String eventId, String userId, String itemId, int label, long eventTime, String[] values, String source) {
        this.eventId = eventId;
        this.userId = userId;
        this.itemId = itemId;
        this.label = label;
        this.eventTime = eventTime;
        this.values = values;
        this.source = source;
    }
}
