package io.gprec.stream.event;

import java.io.Serializable;

/**
 * Limits applied when decoding (and encoding) click events.
 *
 * @param maxRecordBytes      records with more bytes are rejected as {@code OVERSIZED} before parsing
 * @param maxValueChars       longest accepted string value (ids and features), counted in UTF-16 chars
 *                            ({@link String#length()}), so an emoji outside the BMP counts as 2
 * @param rejectUnknownFields whether unknown top-level fields and unknown feature names are rejected
 *                            ({@code UNKNOWN_FIELD}) or silently skipped
 */
public record ClickCodecLimits(int maxRecordBytes, int maxValueChars, boolean rejectUnknownFields)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ClickCodecLimits {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got " + maxRecordBytes);
        }
        if (maxValueChars <= 0) {
            throw new IllegalArgumentException("maxValueChars must be positive, got " + maxValueChars);
        }
    }

    /** 64 KiB records, 256-char values, unknown fields rejected. */
    public static ClickCodecLimits defaults() {
        return new ClickCodecLimits(64 * 1024, 256, true);
    }
}
