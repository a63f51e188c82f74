package io.gprec.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Compares ScoreCounts with a TreeMap of counts, including after serialization round trips. */
class ScoreCountsTest {

    private static ScoreCounts roundTrip(ScoreCounts s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            s.write(out);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ScoreCounts read = ScoreCounts.read(in);
            assertThat(in.available()).isZero();
            return read;
        }
    }

    private static byte[] bytes(ScoreCounts s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            s.write(out);
        }
        return bytes.toByteArray();
    }

    @Test
    void answersRankQueriesLikeASortedMap() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        ScoreCounts counts = new ScoreCounts();
        TreeMap<Double, Long> naive = new TreeMap<>();
        for (int i = 1; i <= 5_000; i++) {
            double key = random.nextBoolean() ? random.nextInt(100) / 100.0 : random.nextDouble() * 2 - 1;
            counts.add(key);
            naive.merge(key, 1L, Long::sum);
            if (i % 500 == 0) {
                counts = roundTrip(counts);
            }
            if (i % 97 == 0) {
                for (int q = 0; q < 20; q++) {
                    double probe = q % 2 == 0 ? random.nextInt(100) / 100.0 : random.nextDouble() * 2 - 1;
                    long less = naive.headMap(probe, false).values().stream().mapToLong(Long::longValue).sum();
                    long equal = naive.getOrDefault(probe, 0L);
                    assertThat(counts.countLess(probe)).isEqualTo(less);
                    assertThat(counts.countEqual(probe)).isEqualTo(equal);
                    assertThat(counts.countGreater(probe)).isEqualTo(i - less - equal);
                }
                assertThat(counts.size()).isEqualTo(i);
                assertThat(counts.distinct()).isEqualTo(naive.size());
            }
        }
    }

    @Test
    void restoredTreapGrowsExactlyLikeTheOriginal() throws IOException {
        SplittableRandom random = new SplittableRandom(23);
        ScoreCounts original = new ScoreCounts();
        for (int i = 0; i < 1_000; i++) {
            original.add(random.nextInt(300) / 7.0);
        }
        ScoreCounts restored = roundTrip(original);
        for (int i = 0; i < 1_000; i++) {
            double key = random.nextInt(600) / 7.0;
            original.add(key);
            restored.add(key);
        }
        // Same keys, counts, priorities and generator state in the serialized form.
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    @Test
    void emptyRoundTrips() throws IOException {
        ScoreCounts empty = roundTrip(new ScoreCounts());
        assertThat(empty.size()).isZero();
        assertThat(empty.countLess(0.5)).isZero();
        empty.add(0.5);
        assertThat(empty.countEqual(0.5)).isEqualTo(1);
    }
}
