package io.gprec.cli.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks Args parsing, typed accessors and the wording of user-facing errors. */
class ArgsTest {

    enum Model { BASE, GPREC }

    enum Backend { HASH_MAP, ROCKS_DB }

    private static final Set<String> KNOWN = Set.of("--batch", "--lr", "--seed", "--model", "--out", "backend");
    private static final Set<String> BOOLEANS = Set.of("--verbose");

    private static Args parse(String... args) {
        return Args.parse("offline", args, KNOWN, BOOLEANS);
    }

    @Test
    void parsesSpaceAndEqualsForms() {
        Args args = parse("--batch", "64", "--lr=0.05", "--seed", "-3", "--out=a=b.json", "--verbose");
        assertThat(args.positiveInt("--batch", 1)).isEqualTo(64);
        assertThat(args.doubleValue("--lr", 1.0)).isEqualTo(0.05);
        assertThat(args.longValue("--seed", 0)).isEqualTo(-3L);
        assertThat(args.string("--out")).contains("a=b.json");
        assertThat(args.flag("--verbose")).isTrue();
    }

    @Test
    void defaultsApplyWhenAbsent() {
        Args args = parse();
        assertThat(args.positiveInt("--batch", 512)).isEqualTo(512);
        assertThat(args.doubleValue("--lr", 0.01)).isEqualTo(0.01);
        assertThat(args.longValue("--seed", 7)).isEqualTo(7L);
        assertThat(args.string("--out")).isEmpty();
        assertThat(args.string("--out", "report.json")).isEqualTo("report.json");
        assertThat(args.flag("--verbose")).isFalse();
        assertThat(args.choice("--model", Model.class, Model.GPREC)).isEqualTo(Model.GPREC);
    }

    @Test
    void flagNamesWorkWithOrWithoutDashes() {
        Args args = parse("--backend", "rocks-db");
        assertThat(args.choice("backend", Backend.class, Backend.HASH_MAP)).isEqualTo(Backend.ROCKS_DB);
        assertThat(args.choice("--backend", Backend.class, Backend.HASH_MAP)).isEqualTo(Backend.ROCKS_DB);
    }

    @Test
    void choiceIsCaseInsensitiveAndListsAcceptedValues() {
        assertThat(parse("--model", "GPRec").choice("--model", Model.class, Model.BASE)).isEqualTo(Model.GPREC);
        assertThat(parse("--backend", "Hash_Map").choice("--backend", Backend.class, Backend.ROCKS_DB))
                .isEqualTo(Backend.HASH_MAP);
        assertThatThrownBy(() -> parse("--model", "x").choice("--model", Model.class, Model.BASE))
                .isInstanceOf(UsageException.class)
                .hasMessage("--model expects one of base|gprec, got 'x'");
        assertThatThrownBy(() -> parse("--backend", "rocks").choice("--backend", Backend.class, Backend.HASH_MAP))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("one of hash-map|rocks-db");
    }

    @Test
    void unknownOptionListsKnownOnes() {
        assertThatThrownBy(() -> parse("--batch", "3", "--x", "1"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --x for 'offline'; known: "
                        + "--backend, --batch, --lr, --model, --out, --seed, --verbose");
        assertThatThrownBy(() -> parse("--x=1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option --x for 'offline'");
    }

    @Test
    void missingValuesAreReported() {
        assertThatThrownBy(() -> parse("--batch"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("missing value for --batch");
        assertThatThrownBy(() -> parse("--batch", "--verbose"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("missing value for --batch");
        assertThatThrownBy(() -> parse("--out="))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("missing value for --out");
    }

    @Test
    void badNumbersAreReported() {
        assertThatThrownBy(() -> parse("--batch", "abc").positiveInt("--batch", 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("--batch expects a positive integer, got 'abc'");
        assertThatThrownBy(() -> parse("--batch", "0").positiveInt("--batch", 1))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--batch expects a positive integer, got '0'");
        assertThatThrownBy(() -> parse("--batch", "99999999999").positiveInt("--batch", 1))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("positive integer");
        assertThatThrownBy(() -> parse("--seed", "1.5").longValue("--seed", 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("--seed expects an integer, got '1.5'");
        assertThatThrownBy(() -> parse("--lr", "fast").doubleValue("--lr", 1))
                .isInstanceOf(UsageException.class)
                .hasMessage("--lr expects a number, got 'fast'");
        assertThatThrownBy(() -> parse("--lr", "NaN").doubleValue("--lr", 1))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--lr expects a number");
    }

    @Test
    void repeatedFlagsAreRejected() {
        assertThatThrownBy(() -> parse("--batch", "1", "--batch=2"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--batch given more than once");
        assertThatThrownBy(() -> parse("--verbose", "--verbose"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--verbose given more than once");
    }

    @Test
    void booleanFlagsTakeNoValueAndPositionalsAreRejected() {
        assertThatThrownBy(() -> parse("--verbose=yes"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--verbose takes no value");
        assertThatThrownBy(() -> parse("stray"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument 'stray' for 'offline'");
        // The next token after a boolean flag is not swallowed as its value.
        assertThatThrownBy(() -> parse("--verbose", "true"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unexpected argument 'true'");
    }

    @Test
    void undeclaredLookupsAreProgrammingErrors() {
        Args args = parse();
        assertThatThrownBy(() -> args.string("--nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> args.flag("--batch")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> args.string("--verbose")).isInstanceOf(IllegalArgumentException.class);
    }
}
