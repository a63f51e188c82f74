package io.gprec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gprec.data.Dataset;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import io.gprec.data.Interaction;
import io.gprec.stream.event.ClickEventCodec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replay order and argument checks, without a broker. */
@Timeout(60)
class DatasetReplayerOrderTest {

    static final DatasetSchema SCHEMA = new DatasetSchema(List.of(
            new Field("user_id", FieldRole.PERSONAL),
            new Field("gender", FieldRole.USER),
            new Field("movie_id", FieldRole.ITEM)));

    static Interaction row(String user, String item, long timestamp) {
        return new Interaction(new String[] {user, "F", item}, 1, timestamp);
    }

    static Dataset dataset(List<Interaction> rows) {
        return new Dataset("tiny", SCHEMA, rows);
    }

    @Test
    void fileOrderIsTheDatasetsOwnOrder() {
        List<Interaction> rows = List.of(row("2", "1", 30), row("1", "1", 10), row("3", "1", 20));
        assertThat(DatasetReplayer.ordered(dataset(rows), ReplayOrder.FILE)).containsExactlyElementsOf(rows);
    }

    @Test
    void eventTimeBreaksTiesByUserThenItemNumerically() {
        Interaction u10 = row("10", "5", 100);
        Interaction u9item10 = row("9", "10", 100);
        Interaction u9item9 = row("9", "9", 100);
        Interaction early = row("99", "99", 50);
        Interaction late = row("1", "1", 200);
        List<Interaction> rows = List.of(late, u10, u9item10, u9item9, early);

        // As strings "10" < "9": a string comparison would put u10 first.
        assertThat(DatasetReplayer.ordered(dataset(rows), ReplayOrder.EVENT_TIME))
                .containsExactly(early, u9item9, u9item10, u10, late);
    }

    @Test
    void eventTimeIsStableForFullTies() {
        // Equal in timestamp, user and item, told apart only by the label.
        Interaction first = new Interaction(new String[] {"7", "F", "3"}, 1, 5);
        Interaction second = new Interaction(new String[] {"7", "F", "3"}, 0, 5);
        Interaction earlier = row("8", "1", 4);
        assertThat(DatasetReplayer.ordered(dataset(List.of(first, second, earlier)), ReplayOrder.EVENT_TIME))
                .containsExactly(earlier, first, second);
    }

    @Test
    void eventTimeIsASortedPermutationOfTheInput() {
        Random random = new Random(42);
        List<Interaction> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Few distinct times and ids so that ties are common; some ids are not numbers.
            String user = random.nextInt(10) == 0 ? "u" + random.nextInt(20) : Integer.toString(random.nextInt(120));
            rows.add(row(user, Integer.toString(random.nextInt(50)), random.nextInt(30)));
        }
        List<Interaction> ordered = DatasetReplayer.ordered(dataset(rows), ReplayOrder.EVENT_TIME);

        assertThat(ordered).containsExactlyInAnyOrderElementsOf(rows);
        Comparator<Interaction> key = Comparator.<Interaction>comparingLong(Interaction::timestamp)
                .thenComparing(x -> x.values()[0], IdOrder.INSTANCE)
                .thenComparing(x -> x.values()[2], IdOrder.INSTANCE);
        assertThat(ordered).isSortedAccordingTo(key);
        assertThat(rows).isNotEqualTo(ordered); // the input really was shuffled
    }

    @Test
    void idsCompareNumericallyWhenBothAreLongsElseAsStrings() {
        IdOrder ids = IdOrder.INSTANCE;
        assertThat(ids.compare("9", "10")).isNegative();
        assertThat(ids.compare("-3", "2")).isNegative();
        assertThat(ids.compare("b", "a")).isPositive();
        assertThat(ids.compare("007", "7")).isNegative(); // numerically equal: string order decides
        assertThat(ids.compare("99999999999999999999", "1")).isPositive(); // too long for a long: string order
        // Mixed pairs: numbers first, so the order stays transitive ("2" < "10" < "1a").
        assertThat(ids.compare("10", "1a")).isNegative();
        assertThat(ids.compare("1a", "2")).isPositive();
        assertThat(IdOrder.isLong("+5")).isTrue();
        assertThat(IdOrder.isLong("-")).isFalse();
        assertThat(IdOrder.isLong("")).isFalse();
    }

    @Test
    void eventIdsArePaddedToNineDigits() {
        assertThat(DatasetReplayer.eventId("ml-100k", 42)).isEqualTo("ml-100k-000000042");
        assertThat(DatasetReplayer.eventId("ml-100k", 99_999)).isEqualTo("ml-100k-000099999");
        assertThat(DatasetReplayer.eventId("d", 0)).isEqualTo("d-000000000");
        assertThat(DatasetReplayer.eventId("d", 1_234_567_890L)).isEqualTo("d-1234567890"); // wider than 9 digits: not cut
    }

    @Test
    void producerSettingsOverrideTheCallers() {
        Properties caller = new Properties();
        caller.setProperty("bootstrap.servers", "127.0.0.1:1");
        caller.setProperty("acks", "1");
        caller.setProperty("max.block.ms", "1234");
        Properties p = DatasetReplayer.producerConfig(caller);
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:1");
        assertThat(p.getProperty("max.block.ms")).isEqualTo("1234");
        assertThat(p.getProperty("acks")).isEqualTo("all");
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("linger.ms")).isEqualTo("5");
        assertThat(p.getProperty("batch.size")).isEqualTo("262144");
        assertThat(p.getProperty("compression.type")).isEqualTo("none");
        assertThat(caller.getProperty("acks")).isEqualTo("1"); // the caller's copy is untouched
    }

    @Test
    void rejectsACodecForAnotherSchema() {
        DatasetSchema other = new DatasetSchema(List.of(
                new Field("user_id", FieldRole.PERSONAL),
                new Field("movie_id", FieldRole.ITEM)));
        Dataset tiny = dataset(List.of(row("1", "1", 1)));
        assertThatThrownBy(() -> DatasetReplayer.replay(tiny, ClickEventCodec.movieLens(other), ReplayOrder.FILE,
                new Properties(), "t", 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the schema of dataset 'tiny'");
    }
}
