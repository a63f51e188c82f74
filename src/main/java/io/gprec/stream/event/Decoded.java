package io.gprec.stream.event;

/** Outcome of decoding one record: exactly one of {@code event} and {@code rejection} is non-null. */
public record Decoded(ClickEvent event, Rejection rejection) {

    public Decoded {
        if ((event == null) == (rejection == null)) {
            throw new IllegalArgumentException("exactly one of event and rejection must be set, got event="
                    + event + ", rejection=" + rejection);
        }
    }

    public static Decoded of(ClickEvent event) {
        return new Decoded(event, null);
    }

    public static Decoded rejected(String code, String message) {
        return new Decoded(null, new Rejection(code, message));
    }

    /** True if the record decoded to a valid event. */
    public boolean ok() {
        return event != null;
    }
}
