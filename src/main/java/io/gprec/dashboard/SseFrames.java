package io.gprec.dashboard;

import java.nio.charset.StandardCharsets;

/** Server-Sent Events framing (the WHATWG "text/event-stream" format). */
final class SseFrames {
    private SseFrames() {}

    /**
     * One event: an {@code event:} line, one {@code data:} line per line of data (a bare newline inside data would end
     * the field early), and the blank line that dispatches it. Carriage returns are line breaks too, so they are split.
     */
    static byte[] event(String name, String data) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '\n' || c == '\r' || c == ':')) {
            throw new IllegalArgumentException("bad SSE event name '" + name + "'");
        }
        StringBuilder out = new StringBuilder(data.length() + name.length() + 16);
        out.append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A comment line: ignored by browsers, but a write that fails tells us the client has gone. */
    static byte[] keepAlive() {
        return ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    }

    /** The retry hint (ms) a browser waits before reconnecting after the stream drops. */
    static byte[] retry(int millis) {
        return ("retry: " + millis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
