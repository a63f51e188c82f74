package io.gprec.dashboard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseFramesTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void anEventIsItsNameOneDataLinePerLineAndABlankLine() {
        assertThat(s(SseFrames.event("metrics", "{\"a\":1}"))).isEqualTo("event: metrics\ndata: {\"a\":1}\n\n");
        // a newline inside data must not end the field: every line gets its own data: prefix (LF, CRLF and CR)
        assertThat(s(SseFrames.event("x", "one\ntwo\r\nthree\rfour"))).isEqualTo(
                "event: x\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
        assertThat(s(SseFrames.event("x", ""))).isEqualTo("event: x\ndata: \n\n");
        assertThat(s(SseFrames.event("x", "end\n"))).isEqualTo("event: x\ndata: end\ndata: \n\n");
    }

    @Test
    void utf8AndCommentsAndRetry() {
        assertThat(SseFrames.event("x", "τ=0.5")).isEqualTo("event: x\ndata: τ=0.5\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(s(SseFrames.keepAlive())).startsWith(":").endsWith("\n\n");
        assertThat(s(SseFrames.retry(2000))).isEqualTo("retry: 2000\n\n");
    }

    @Test
    void aNameThatWouldBreakTheFrameIsRejected() {
        assertThatThrownBy(() -> SseFrames.event("a\nb", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseFrames.event("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
