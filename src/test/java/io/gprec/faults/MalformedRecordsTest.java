package io.gprec.faults;

import io.gprec.data.DatasetReaders;
import io.gprec.data.Interaction;
import io.gprec.stream.event.ClickEvent;
import io.gprec.stream.event.ClickEventCodec;
import io.gprec.stream.event.Decoded;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The malformed records of the bad-input fault test: each is rejected by the job's codec with the code its kind expects. */
class MalformedRecordsTest {
    private static final ClickEventCodec CODEC = ClickEventCodec.movieLens(DatasetReaders.movieLensSchema());

    static List<ClickEvent> templates() {
        List<ClickEvent> t = new ArrayList<>();
        t.add(CODEC.fromInteraction("t1", new Interaction(new String[] {"196", "M", "45", "writer", "55105", "242", "Comedy", "1997"}, 1, 881_250_949L)));
        t.add(CODEC.fromInteraction("t2", new Interaction(new String[] {"7", "F", "25", "other", "T8H1N", "1", "Animation|Children's|Comedy", "1995"}, 0, 875_000_000L)));
        return t;
    }

    @Test
    void everyMalformedRecordIsRejectedWithTheCodeOfItsKind() {
        List<MalformedRecords.Bad> bad = new MalformedRecords(CODEC, templates(), 7).take(10_000);
        Map<String, Integer> byKind = new TreeMap<>();
        Set<ByteBuffer> distinct = new HashSet<>();
        int repeatable = 0;
        for (MalformedRecords.Bad b : bad) {
            Decoded d = CODEC.decode(b.value());
            assertThat(d.ok()).as("%s accepted: %s", b.kind(), b.value() == null ? null : new String(b.value())).isFalse();
            assertThat(d.rejection().code()).as("%s: %s", b.kind(), d.rejection()).isEqualTo(b.expectedCode());
            byKind.merge(b.kind(), 1, Integer::sum);
            if (b.value() == null || b.value().length < 8) repeatable++; // tombstones, empty records, "null"
            else assertThat(distinct.add(ByteBuffer.wrap(b.value()))).as("unique bytes of %s", b.kind()).isTrue();
        }
        assertThat(byKind.keySet()).contains("not JSON", "truncated", "wrong type", "missing field", "label not 0/1",
                "NaN/Infinity", "negative id", "enormous id", "1 MB string", "unknown field", "duplicated key", "invalid UTF-8");
        assertThat(byKind.get("1 MB string")).isEqualTo(10_000 / MalformedRecords.ONE_MB_EVERY);
        assertThat(repeatable).isLessThan(500);
    }

    @Test
    void theSequenceIsDeterministic() {
        var a = new MalformedRecords(CODEC, templates(), 3).take(200);
        var b = new MalformedRecords(CODEC, templates(), 3).take(200);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
        }
    }
}
