package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests the small parsing helpers: age buckets, release years and token splitting. */
class ParsingHelpersTest {

    @ParameterizedTest
    @CsvSource({"0,1", "17,1", "18,18", "24,18", "25,25", "34,25", "35,35", "44,35", "45,45", "49,45",
        "50,50", "55,50", "56,56", "73,56"})
    void bucketsAgesLikeMl1m(int age, String code) {
        assertThat(AgeBuckets.bucket(age)).isEqualTo(code);
    }

    @Test
    void releaseYearFromDate() {
        assertThat(ReleaseYears.fromDate("01-Jan-1995")).isEqualTo("1995");
        assertThat(ReleaseYears.fromDate("")).isEqualTo("unknown");
        assertThatThrownBy(() -> ReleaseYears.fromDate("1995-01")).isInstanceOf(LineFormatException.class);
    }

    @Test
    void releaseYearFromTitle() {
        assertThat(ReleaseYears.fromTitle("City of Lost Children, The (1995)")).isEqualTo("1995");
        assertThat(ReleaseYears.fromTitle("Ghost (1990) ")).isEqualTo("1990");
        assertThat(ReleaseYears.fromTitle("Ghost")).isEqualTo("unknown");
        assertThat(ReleaseYears.fromTitle("Ghost (199x)")).isEqualTo("unknown");
        assertThat(ReleaseYears.fromTitle("")).isEqualTo("unknown");
    }

    @Test
    void splitKeepsEmptyTokensAndChecksCount() {
        assertThat(Tokens.split("a::b::", "::", 3)).containsExactly("a", "b", "");
        assertThat(Tokens.split("1||3", "|", 3)).containsExactly("1", "", "3");
        assertThatThrownBy(() -> Tokens.split("a|b|c|d", "|", 3))
                .isInstanceOf(LineFormatException.class)
                .hasMessage("expected 3 fields separated by '|' but found 4");
        assertThatThrownBy(() -> Tokens.split("a b", "\t", 2))
                .hasMessage("expected 2 fields separated by '\\t' but found 1");
    }

    @Test
    void cursorParsesFieldsInPlace() {
        FieldCursor c = new FieldCursor("12::345::5::978300760", "::", 4);
        assertThat(c.nextInt("user id")).isEqualTo(12);
        assertThat(c.nextInt("movie id")).isEqualTo(345);
        assertThat(c.nextInt("rating")).isEqualTo(5);
        assertThat(c.nextLong("timestamp")).isEqualTo(978300760L);
        c.end();
    }

    @Test
    void cursorReportsWrongFieldCounts() {
        assertThatThrownBy(() -> readFour("1\t2\t3"))
                .isInstanceOf(LineFormatException.class)
                .hasMessage("expected 4 fields separated by '\\t' but found 3");
        assertThatThrownBy(() -> readFour("1\t2\t3\t4\t5"))
                .hasMessage("expected 4 fields separated by '\\t' but found 5");
        assertThatThrownBy(() -> readFour("1\t2\t3\t4\t"))
                .hasMessage("expected 4 fields separated by '\\t' but found 5");
        assertThatThrownBy(() -> readFour("1\t2\t3\t"))
                .hasMessage("timestamp '' is not an integer");
        assertThatThrownBy(() -> readFour("1\tx\t3\t4"))
                .hasMessage("movie id 'x' is not an integer");
    }

    private static void readFour(String line) {
        FieldCursor c = new FieldCursor(line, "\t", 4);
        c.nextInt("user id");
        c.nextInt("movie id");
        c.nextInt("rating");
        c.nextLong("timestamp");
        c.end();
    }

    @Test
    void idTableHandlesDenseSparseAndDuplicateIds() {
        IdTable table = new IdTable("user");
        String[] small = {"1"};
        String[] big = {"2000000000"};
        String[] negative = {"-3"};
        table.put(1, small);
        table.put(5000, new String[] {"5000"});
        table.put(2_000_000_000, big);
        table.put(-3, negative);
        assertThat(table.require(1)).isSameAs(small);
        assertThat(table.require(2_000_000_000)).isSameAs(big);
        assertThat(table.require(-3)).isSameAs(negative);
        assertThat(table.get(2)).isNull();
        assertThat(table.get(1 << 30)).isNull();
        assertThatThrownBy(() -> table.put(5000, small))
                .isInstanceOf(LineFormatException.class)
                .hasMessage("duplicate user id 5000");
        assertThatThrownBy(() -> table.require(7))
                .hasMessage("unknown user id 7 (not in the users file)");
    }
}
