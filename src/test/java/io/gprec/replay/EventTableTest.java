package io.gprec.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.gprec.data.Dataset;
import io.gprec.data.Interaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The compact in-memory table orders rows exactly as the MovieLens path does, and shuffles by seed. */
class EventTableTest {

    @Test
    void eventTimeOrderMatchesTheDatasetOrderOnManyTies() {
        Random rnd = new Random(7);
        List<Interaction> rows = new ArrayList<>();
        EventTable table = new EventTable(3);
        for (int i = 0; i < 5_000; i++) {
            // Few distinct times, users and items, mixed numeric/non-numeric ids: lots of full ties.
            String user = rnd.nextInt(10) == 0 ? "u" + rnd.nextInt(5) : Integer.toString(rnd.nextInt(30));
            String item = Integer.toString(rnd.nextInt(12));
            long seconds = rnd.nextInt(50);
            Interaction x = new Interaction(new String[] {user, "F", item}, i % 2, seconds);
            rows.add(x);
            table.add(x.values(), x.label(), seconds * 1000);
        }
        Dataset ds = DatasetReplayerOrderTest.dataset(rows);
        List<Interaction> expected = DatasetReplayer.ordered(ds, ReplayOrder.EVENT_TIME);

        int[] order = table.order(ReplayOrder.EVENT_TIME, 0, 2, 0);
        List<Interaction> actual = new ArrayList<>();
        for (int r : order) {
            actual.add(new Interaction(table.values(r), table.label(r), table.time(r) / 1000));
        }
        // Interactions equal in all values can only be told apart by position: compare the labels too (they alternate).
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(Arrays.stream(order).boxed().toList()).doesNotHaveDuplicates().hasSize(5_000);
    }

    @Test
    void shuffleIsASeededPermutation() {
        EventTable table = new EventTable(3);
        for (int i = 0; i < 1_000; i++) {
            table.add(new String[] {"u" + i, "F", "i" + i}, 1, i);
        }
        int[] a = table.order(ReplayOrder.SHUFFLE, 0, 2, 1);
        int[] b = table.order(ReplayOrder.SHUFFLE, 0, 2, 1);
        int[] c = table.order(ReplayOrder.SHUFFLE, 0, 2, 2);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(IntStream.range(0, 1_000).toArray());
        assertThat(a).isNotEqualTo(table.order(ReplayOrder.FILE, 0, 2, 1));
        assertThat(table.values(a[0])).containsExactly("u" + a[0], "F", "i" + a[0]);
    }

    @Test
    void intSortIsStable() {
        Random rnd = new Random(3);
        int[] keys = rnd.ints(10_000, 0, 50).toArray();
        int[] idx = IntStream.range(0, keys.length).toArray();
        IntSort.sort(idx, (x, y) -> Integer.compare(keys[x], keys[y]));
        for (int i = 1; i < idx.length; i++) {
            assertThat(keys[idx[i - 1]] < keys[idx[i]] || (keys[idx[i - 1]] == keys[idx[i]] && idx[i - 1] < idx[i]))
                    .as("position %d", i).isTrue();
        }
    }
}
