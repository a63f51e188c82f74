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
}
