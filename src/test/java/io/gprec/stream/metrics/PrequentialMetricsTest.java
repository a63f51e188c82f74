package io.gprec.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gprec.metrics.BinaryMetrics;
import io.gprec.stream.event.Prediction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Checks PrequentialMetrics against BinaryMetrics recomputed from scratch, its state round trip, JSON and rate. */
class PrequentialMetricsTest {

    private static final double LOSS_TOLERANCE = 1e-12;

    /** Every prediction added so far, to recompute the metrics naively. */
    private static final class Reference {
        final List<Prediction> all = new ArrayList<>();

        void add(Prediction p) {
            all.add(p);
        }

        List<Prediction> window(int size) {
            return all.subList(Math.max(0, all.size() - size), all.size());
        }

        List<Prediction> group(int g) {
            return all.stream().filter(p -> p.group() == g).toList();
        }
    }

    private static double auc(List<Prediction> ps) {
        double[] scores = ps.stream().mapToDouble(Prediction::score).toArray();
        int[] labels = ps.stream().mapToInt(Prediction::label).toArray();
        int positives = Arrays.stream(labels).sum();
        return positives == 0 || positives == labels.length ? Double.NaN
                : BinaryMetrics.auc(scores, labels, labels.length);
    }

    private static double logLoss(List<Prediction> ps) {
        double[] scores = ps.stream().mapToDouble(Prediction::score).toArray();
        int[] labels = ps.stream().mapToInt(Prediction::label).toArray();
        return ps.isEmpty() ? Double.NaN : BinaryMetrics.logLoss(scores, labels, labels.length);
    }

    /** A prediction whose score leans towards its label, rounded to 2 decimals (so ties are common) or not. */
    private static Prediction prediction(SplittableRandom random, int i, int groups, double positiveRate,
                                         boolean rounded) {
        int label = random.nextDouble() < positiveRate ? 1 : 0;
        double score = Math.min(1.0, Math.max(0.0, 0.35 + 0.3 * label + 0.25 * random.nextGaussian()));
        if (rounded) {
            score = Math.round(score * 100) / 100.0;
        }
        // Occasional exact 0 and 1 exercise the log loss clipping.
        if (random.nextInt(200) == 0) {
            score = label == 1 ? 0.0 : 1.0;
        }
        int group = groups == 0 ? -1 : random.nextInt(groups + 1) - 1;
        return new Prediction("e" + i, "u" + random.nextInt(50), "i" + random.nextInt(80), label, score, i / 100,
                1_000L * i, group, "clicks/0/" + i);
    }

    private static void assertMatches(PrequentialMetrics metrics, Reference ref, int windowSize, int groups) {
        MetricsSnapshot s = metrics.snapshot(0);
        List<Prediction> window = ref.window(windowSize);
        assertThat(s.events()).isEqualTo(ref.all.size());
        assertThat(metrics.count()).isEqualTo(ref.all.size());
        assertExact(s.windowAuc(), auc(window), "window AUC");
        assertWithinBound(s.cumulativeAuc(), s.cumulativeAucErrorBound(), auc(ref.all), "cumulative AUC");
        assertThat(s.windowLogLoss()).isCloseTo(logLoss(window), within(LOSS_TOLERANCE));
        assertThat(s.cumulativeLogLoss()).isCloseTo(logLoss(ref.all), within(LOSS_TOLERANCE));
        long positives = ref.all.stream().filter(p -> p.label() == 1).count();
        assertThat(s.ctr()).isEqualTo((double) positives / ref.all.size());
        assertThat(s.modelVersion()).isEqualTo(ref.all.get(ref.all.size() - 1).modelVersion());
        assertThat(s.groupCounts()).hasSize(groups);
        assertThat(s.groupAuc()).hasSize(groups);
        for (int g = 0; g < groups; g++) {
            List<Prediction> members = ref.group(g);
            assertThat(s.groupCounts()[g]).as("count of group %d", g).isEqualTo(members.size());
            BinnedAuc reference = new BinnedAuc(PrequentialMetrics.GROUP_BINS);
            members.forEach(p -> reference.add(p.score(), p.label()));
            assertExact(s.groupAuc()[g], reference.auc(), "AUC of group " + g);
            assertWithinBound(s.groupAuc()[g], reference.errorBound(), auc(members), "AUC of group " + g);
        }
    }

    /** Binned AUC: NaN exactly when the exact one is, else within the stated bound (and the bound is small). */
    private static void assertWithinBound(double actual, double bound, double exact, String what) {
        if (Double.isNaN(exact)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(bound).as("error bound of " + what).isBetween(0.0, 0.5);
            assertThat(actual).as(what).isCloseTo(exact, within(bound + 1e-12));
        }
    }

    /** Bit-for-bit equality, NaN included (a primitive isEqualTo never accepts NaN). */
    private static void assertExact(double actual, double expected, String what) {
        assertThat(Double.valueOf(actual)).as(what).isEqualTo(Double.valueOf(expected));
    }

    @Test
    void matchesRecomputationAfterEveryEventForSmallWindows() {
        SplittableRandom random = new SplittableRandom(7);
        for (int windowSize : new int[] {1, 2, 3, 7, 25}) {
            for (int groups : new int[] {0, 1, 3}) {
                PrequentialMetrics metrics = new PrequentialMetrics(windowSize, groups);
                Reference ref = new Reference();
                double positiveRate = 0.1 + 0.8 * random.nextDouble();
                for (int i = 0; i < 12 * windowSize + 60; i++) {
                    Prediction p = prediction(random, i, groups, positiveRate, random.nextBoolean());
                    metrics.add(p, 1_000L * i);
                    ref.add(p);
                    assertMatches(metrics, ref, windowSize, groups);
                }
            }
        }
    }

    @Test
    void matchesRecomputationAtCheckpointsOnALongStream() {
        SplittableRandom random = new SplittableRandom(2024);
        int windowSize = 1_000;
        int groups = 5;
        PrequentialMetrics metrics = new PrequentialMetrics(windowSize, groups);
        Reference ref = new Reference();
        for (int i = 1; i <= 30_000; i++) {
            // A drifting click rate keeps the window's class balance changing as predictions are evicted.
            double positiveRate = 0.5 + 0.4 * Math.sin(i / 3_000.0);
            Prediction p = prediction(random, i, groups, positiveRate, i % 3 == 0);
            metrics.add(p, i);
            ref.add(p);
            if (i % 2_500 == 0 || i == windowSize || i == windowSize + 1) {
                assertMatches(metrics, ref, windowSize, groups);
            }
        }
    }

    @Test
    void isUndefinedBeforeBothClassesAreSeen() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 2);
        MetricsSnapshot empty = metrics.snapshot(5);
        assertThat(empty.events()).isZero();
        assertThat(empty.windowAuc()).isNaN();
        assertThat(empty.windowLogLoss()).isNaN();
        assertThat(empty.cumulativeAuc()).isNaN();
        assertThat(empty.cumulativeLogLoss()).isNaN();
        assertThat(empty.ctr()).isNaN();
        assertThat(empty.eventsPerSecond()).isZero();
        assertThat(empty.modelVersion()).isEqualTo(-1);
        assertThat(empty.groupCounts()).containsExactly(0, 0);
        assertThat(empty.groupAuc()).containsExactly(Double.NaN, Double.NaN);
        assertThat(empty.timestampMillis()).isEqualTo(5);

        metrics.add(new Prediction("a", "u", "i", 1, 0.9, 3, 0, 1, "t/0/0"), 0);
        MetricsSnapshot one = metrics.snapshot(1_000);
        assertThat(one.cumulativeAuc()).isNaN();
        assertThat(one.groupAuc()[1]).isNaN();
        assertThat(one.cumulativeLogLoss()).isCloseTo(-Math.log(0.9), within(1e-15));
        assertThat(one.ctr()).isEqualTo(1.0);
        assertThat(one.modelVersion()).isEqualTo(3);
    }

    @Test
    void countsNegativeAndPositiveZeroAsATie() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 1);
        metrics.add(new Prediction("a", "u", "i", 1, -0.0, 0, 0, 0, "t/0/0"), 0);
        metrics.add(new Prediction("b", "u", "i", 0, 0.0, 0, 0, 0, "t/0/1"), 0);
        MetricsSnapshot s = metrics.snapshot(0);
        assertThat(s.windowAuc()).isEqualTo(0.5);
        assertThat(s.cumulativeAuc()).isEqualTo(0.5);
        assertThat(s.groupAuc()[0]).isEqualTo(0.5);
    }

    @Test
    void rejectsAGroupOutOfRangeWithoutRecordingAnything() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 2);
        metrics.add(new Prediction("a", "u", "i", 1, 0.5, 0, 0, 1, "t/0/0"), 0);
        byte[] before = metrics.toBytes();
        assertThatThrownBy(() -> metrics.add(new Prediction("b", "u", "i", 1, 0.5, 0, 0, 2, "t/0/1"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group 2");
        assertThat(metrics.toBytes()).isEqualTo(before);
        PrequentialMetrics base = new PrequentialMetrics(10, 0);
        assertThatThrownBy(() -> base.add(new Prediction("b", "u", "i", 1, 0.5, 0, 0, 0, "t/0/1"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadConstructorArguments() {
        assertThatThrownBy(() -> new PrequentialMetrics(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrequentialMetrics(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoredStateContinuesIdentically() {
        SplittableRandom random = new SplittableRandom(99);
        int windowSize = 50;
        int groups = 3;
        PrequentialMetrics original = new PrequentialMetrics(windowSize, groups);
        long now = 1_700_000_000_000L;
        // Restore at several points: empty, partial window, exactly full, and after many window turnovers (so the
        // ring has rotated and the loss re-sum has run).
        int[] restoreAt = {0, 17, 50, 51, 733, 2_000};
        int added = 0;
        for (int point : restoreAt) {
            while (added < point) {
                now += random.nextInt(400);
                original.add(prediction(random, added++, groups, 0.3, random.nextBoolean()), now);
            }
            byte[] state = original.toBytes();
            PrequentialMetrics restored = PrequentialMetrics.fromBytes(state);
            assertThat(restored.toBytes()).isEqualTo(state);
            assertThat(restored.snapshot(now)).isEqualTo(original.snapshot(now));
            assertThat(restored.windowSize()).isEqualTo(windowSize);
            assertThat(restored.groups()).isEqualTo(groups);

            // Drive both with the same further predictions: every snapshot and the state must stay identical.
            SplittableRandom branch = new SplittableRandom(point);
            PrequentialMetrics copy = PrequentialMetrics.fromBytes(original.toBytes());
            long t = now;
            for (int k = 0; k < 3 * windowSize + 7; k++) {
                t += branch.nextInt(400);
                Prediction p = prediction(branch, 10_000 + k, groups, 0.6, branch.nextBoolean());
                copy.add(p, t);
                restored.add(p, t);
                assertThat(restored.snapshot(t)).isEqualTo(copy.snapshot(t));
            }
            assertThat(restored.toBytes()).isEqualTo(copy.toBytes());
        }
    }

    @Test
    void restoredStateMatchesAnUninterruptedRun() {
        SplittableRandom a = new SplittableRandom(5);
        SplittableRandom b = new SplittableRandom(5);
        PrequentialMetrics uninterrupted = new PrequentialMetrics(40, 2);
        PrequentialMetrics restarted = new PrequentialMetrics(40, 2);
        for (int i = 0; i < 1_000; i++) {
            uninterrupted.add(prediction(a, i, 2, 0.4, true), 10L * i);
            restarted.add(prediction(b, i, 2, 0.4, true), 10L * i);
            if (i % 37 == 0) {
                restarted = PrequentialMetrics.fromBytes(restarted.toBytes());
            }
            assertThat(restarted.snapshot(10L * i)).isEqualTo(uninterrupted.snapshot(10L * i));
        }
        assertThat(restarted.toBytes()).isEqualTo(uninterrupted.toBytes());
    }

    @Test
    void rejectsUnknownVersionTruncatedAndTrailingState() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 2);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 25; i++) {
            metrics.add(prediction(random, i, 2, 0.5, false), i);
        }
        byte[] state = metrics.toBytes();

        byte[] future = state.clone();
        ByteBuffer.wrap(future).putInt(0, 3);
        assertThatThrownBy(() -> PrequentialMetrics.fromBytes(future))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 3");

        for (int cut : new int[] {0, 3, 4, 20, state.length / 2, state.length - 1}) {
            byte[] truncated = Arrays.copyOf(state, cut);
            if (cut >= 12) {
                withValidChecksum(truncated); // so the parser, not only the checksum, sees the short input
            }
            assertThatThrownBy(() -> PrequentialMetrics.fromBytes(truncated))
                    .as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class);
        }

        byte[] trailing = Arrays.copyOf(state, state.length + 1);
        withValidChecksum(trailing);
        assertThatThrownBy(() -> PrequentialMetrics.fromBytes(trailing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsAFlippedBitThroughTheChecksum() {
        PrequentialMetrics metrics = new PrequentialMetrics(8, 2);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 40; i++) {
            metrics.add(prediction(random, i, 2, 0.5, true), i);
        }
        byte[] state = metrics.toBytes();
        for (int position = 4; position < state.length; position++) {
            byte[] corrupt = state.clone();
            corrupt[position] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> PrequentialMetrics.fromBytes(corrupt))
                    .as("flip at byte %d", position)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void structurallyCorruptStateWithAValidChecksumIsRejectedOrUsable() {
        // Behind the checksum, flipped bytes must still never escape as another exception type or hang, and
        // whatever restores must stay usable. The window size (bytes 12-15) is left alone: a flipped one is a
        // valid size whose eager allocation could exhaust the test heap.
        PrequentialMetrics metrics = new PrequentialMetrics(8, 2);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 40; i++) {
            metrics.add(prediction(random, i, 2, 0.5, true), i);
        }
        byte[] state = metrics.toBytes();
        int rejected = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            byte[] corrupt = state.clone();
            int position = 16 + random.nextInt(corrupt.length - 16);
            corrupt[position] ^= (byte) (1 << random.nextInt(8));
            withValidChecksum(corrupt);
            try {
                PrequentialMetrics restored = PrequentialMetrics.fromBytes(corrupt);
                restored.add(prediction(random, 100, 2, 0.5, true), 100);
                restored.snapshot(100).toJson();
            } catch (IllegalArgumentException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
    }

    private static void withValidChecksum(byte[] state) {
        CRC32 crc = new CRC32();
        crc.update(state, 12, state.length - 12);
        ByteBuffer.wrap(state).putLong(4, crc.getValue());
    }

    @Test
    void snapshotJsonHasSnakeCaseKeysAndNullForNaN() throws IOException {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 2);
        metrics.add(new Prediction("a", "u", "i", 1, 0.8, 7, 0, 0, "t/0/0"), 1_000);
        metrics.add(new Prediction("b", "u", "i", 0, 0.3, 7, 0, 0, "t/0/1"), 1_500);
        metrics.add(new Prediction("c", "u", "i", 0, 0.1, 8, 0, -1, "t/0/2"), 2_000);
        JsonNode json = new ObjectMapper().readTree(metrics.snapshot(3_000).toJson());
        assertThat(json.properties()).extracting(e -> e.getKey()).containsExactly("events", "window_auc",
                "window_log_loss", "cumulative_auc", "cumulative_auc_error_bound", "cumulative_log_loss", "ctr",
                "events_per_second", "model_version", "group_counts", "group_auc", "timestamp");
        assertThat(json.get("events").asLong()).isEqualTo(3);
        assertThat(json.get("window_auc").asDouble()).isEqualTo(1.0);
        assertThat(json.get("cumulative_auc").asDouble()).isEqualTo(1.0);
        assertThat(json.get("ctr").asDouble()).isEqualTo(1.0 / 3);
        assertThat(json.get("events_per_second").asDouble()).isEqualTo(1.5);
        assertThat(json.get("model_version").asLong()).isEqualTo(8);
        assertThat(json.get("group_counts").toString()).isEqualTo("[2,0]");
        assertThat(json.get("group_auc").get(0).asDouble()).isEqualTo(1.0);
        assertThat(json.get("group_auc").get(1).isNull()).isTrue();
        assertThat(json.get("timestamp").asLong()).isEqualTo(3_000);

        JsonNode empty = new ObjectMapper().readTree(new PrequentialMetrics(10, 0).snapshot(0).toJson());
        assertThat(empty.get("window_auc").isNull()).isTrue();
        assertThat(empty.get("cumulative_log_loss").isNull()).isTrue();
        assertThat(empty.get("ctr").isNull()).isTrue();
        assertThat(empty.get("group_counts").size()).isZero();
    }

    @Test
    void snapshotJsonLedByTheRunsModelNameWhenGiven() throws IOException {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 0);
        metrics.add(new Prediction("a", "u", "i", 1, 0.8, 7, 0, -1, "t/0/0"), 1_000);
        MetricsSnapshot s = metrics.snapshot(2_000);
        JsonNode named = new ObjectMapper().readTree(s.toJson("base"));
        assertThat(named.properties()).extracting(e -> e.getKey()).first().isEqualTo("model");
        assertThat(named.get("model").asText()).isEqualTo("base");
        assertThat(named.get("events").asLong()).isEqualTo(1);
        JsonNode plain = new ObjectMapper().readTree(s.toJson());
        assertThat(plain.has("model")).isFalse();
        assertThat((JsonNode) ((com.fasterxml.jackson.databind.node.ObjectNode) named.deepCopy()).without("model")).isEqualTo(plain);
    }

    @Test
    void eventsPerSecondUsesTheLastTenSecondsOfAFakeClock() {
        PrequentialMetrics metrics = new PrequentialMetrics(100, 0);
        long start = 1_700_000_000_000L; // on a whole second
        SplittableRandom random = new SplittableRandom(11);
        // 5 events per second for 20 s, one every 200 ms.
        for (int i = 0; i < 100; i++) {
            metrics.add(prediction(random, i, 0, 0.5, false), start + 200L * i);
        }
        // Run shorter than 10 s: the rate is over the elapsed run. After 2 s, 10 events went in.
        PrequentialMetrics young = new PrequentialMetrics(100, 0);
        for (int i = 0; i < 10; i++) {
            young.add(prediction(random, i, 0, 0.5, false), start + 200L * i);
        }
        assertThat(young.snapshot(start + 2_000).eventsPerSecond()).isEqualTo(5.0);
        assertThat(young.snapshot(start + 4_000).eventsPerSecond()).isEqualTo(2.5);

        // Last event at start + 19.8 s. At start + 20 s the span is the 10 whole seconds 10..19: 50 events in 10 s.
        assertThat(metrics.snapshot(start + 20_000).eventsPerSecond()).isEqualTo(50 / 10.0);
        // At start + 19.9 s the span is seconds 10..19 so far: 50 events in 9.9 s.
        assertThat(metrics.snapshot(start + 19_900).eventsPerSecond()).isEqualTo(50 / 9.9);
        // At start + 25.5 s: seconds 16..25, of which 16..19 hold 20 events, over 9.5 s.
        assertThat(metrics.snapshot(start + 25_500).eventsPerSecond()).isEqualTo(20 / 9.5);
        // A quiet minute later nothing is left in the span.
        assertThat(metrics.snapshot(start + 90_000).eventsPerSecond()).isZero();
        // A clock stepping back reads as the latest time seen, never as a negative span.
        assertThat(metrics.snapshot(start).eventsPerSecond()).isEqualTo(metrics.snapshot(start + 19_800)
                .eventsPerSecond());
    }

    @Test
    void eventsPerSecondIsUndefinedWhenNoTimeHasPassed() {
        PrequentialMetrics metrics = new PrequentialMetrics(10, 0);
        metrics.add(new Prediction("a", "u", "i", 1, 0.5, 0, 0, -1, "t/0/0"), 5_000);
        assertThat(metrics.snapshot(5_000).eventsPerSecond()).isNaN();
        assertThat(metrics.snapshot(5_250).eventsPerSecond()).isEqualTo(4.0);
    }

    @Test
    void snapshotIsACopyAndComparesByContent() {
        MetricsSnapshot a = new MetricsSnapshot(1, 0.5, 0.6, Double.NaN, Double.NaN, 0.7, 0.1, 2.0, 3, new long[] {1, 2},
                new double[] {Double.NaN, 0.5}, 9);
        long[] counts = {1, 2};
        MetricsSnapshot b = new MetricsSnapshot(1, 0.5, 0.6, Double.NaN, Double.NaN, 0.7, 0.1, 2.0, 3, counts,
                new double[] {Double.NaN, 0.5}, 9);
        counts[0] = 42;
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(b.toString()).contains("groupCounts=[1, 2]");
        assertThatThrownBy(() -> new MetricsSnapshot(1, 0, 0, 0, 0, 0, 0, 0, 0, new long[1], new double[2], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
