package io.gprec.cli.util;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Parses "--flag value" and "--flag=value" arguments against a declared set of flags; unknown flag ->
 * UsageException("unknown option --x for 'offline'; known: --a, --b"), missing value, bad int/long/double
 * ("--batch expects a positive integer, got 'abc'"), repeated flag.
 *
 * <p>Flag names may be declared and queried with or without the leading "--" ("batch" and "--batch" are the same
 * flag). Boolean flags are known flags even if absent from {@code knownFlags}. Asking for a flag that was never
 * declared, or asking for a value of a boolean flag, is a programming error and throws IllegalArgumentException.
 */
public final class Args {

    private static final String PREFIX = "--";

    private final Set<String> valueFlags;
    private final Set<String> booleanFlags;
    private final Map<String, String> values;
    private final Set<String> presentBooleans;

    private Args(Set<String> valueFlags, Set<String> booleanFlags, Map<String, String> values,
            Set<String> presentBooleans) {
        this.valueFlags = valueFlags;
        this.booleanFlags = booleanFlags;
        this.values = values;
        this.presentBooleans = presentBooleans;
    }

    /** Parses {@code args} of the sub-command {@code command}; throws UsageException on anything the user got wrong. */
    public static Args parse(String command, String[] args, Set<String> knownFlags, Set<String> booleanFlags) {
        Set<String> booleans = normalizeAll(booleanFlags);
        Set<String> valued = normalizeAll(knownFlags);
        valued.removeAll(booleans);
        Map<String, String> values = new HashMap<>();
        Set<String> presentBooleans = new TreeSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith(PREFIX) || arg.length() == PREFIX.length()) {
                throw new UsageException("unexpected argument '" + arg + "' for '" + command + "'; options start with --");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(PREFIX.length(), eq < 0 ? arg.length() : eq);
            if (booleans.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException(PREFIX + name + " takes no value, got '" + arg.substring(eq + 1) + "'");
                }
                if (!presentBooleans.add(name)) {
                    throw repeated(name);
                }
            } else if (valued.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith(PREFIX)) {
                    value = args[++i];
                } else {
                    // A following "--x" is far more likely a forgotten value than a value that starts with "--".
                    throw new UsageException("missing value for " + PREFIX + name);
                }
                if (value.isEmpty()) {
                    throw new UsageException("missing value for " + PREFIX + name);
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw repeated(name);
                }
            } else {
                throw new UsageException("unknown option " + PREFIX + name + " for '" + command + "'; known: "
                        + known(valued, booleans));
            }
        }
        return new Args(valued, booleans, values, presentBooleans);
    }

    /** The value of a value flag, if given. */
    public Optional<String> string(String flag) {
        return Optional.ofNullable(values.get(valueFlag(flag)));
    }

    /** The value of a value flag, or {@code dflt} if not given. */
    public String string(String flag, String dflt) {
        return string(flag).orElse(dflt);
    }

    /** The value as an int greater than zero, or {@code dflt} if not given. */
    public int positiveInt(String flag, int dflt) {
        String name = valueFlag(flag);
        String raw = values.get(name);
        if (raw == null) {
            return dflt;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below together with the non-positive case
        }
        throw expected(name, "a positive integer", raw);
    }

    /** The value as a long, or {@code dflt} if not given. */
    public long longValue(String flag, long dflt) {
        String name = valueFlag(flag);
        String raw = values.get(name);
        if (raw == null) {
            return dflt;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw expected(name, "an integer", raw);
        }
    }

    /** The value as a finite double, or {@code dflt} if not given. */
    public double doubleValue(String flag, double dflt) {
        String name = valueFlag(flag);
        String raw = values.get(name);
        if (raw == null) {
            return dflt;
        }
        try {
            double value = Double.parseDouble(raw);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below together with NaN and infinities
        }
        throw expected(name, "a number", raw);
    }

    /** Whether a boolean flag was given; boolean flags take no value. */
    public boolean flag(String flag) {
        String name = normalize(flag);
        if (!booleanFlags.contains(name)) {
            throw new IllegalArgumentException(PREFIX + name + " is not a declared boolean flag");
        }
        return presentBooleans.contains(name);
    }

    /**
     * The enum constant whose name, lower-cased with '_' as '-', matches the value case-insensitively, or
     * {@code dflt} if not given; an unmatched value is a UsageException listing the accepted spellings.
     */
    public <E extends Enum<E>> E choice(String flag, Class<E> type, E dflt) {
        String name = valueFlag(flag);
        String raw = values.get(name);
        if (raw == null) {
            return dflt;
        }
        String wanted = raw.replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        String accepted = Arrays.stream(type.getEnumConstants()).map(Args::spelling).collect(Collectors.joining("|"));
        throw expected(name, "one of " + accepted, raw);
    }

    private static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String valueFlag(String flag) {
        String name = normalize(flag);
        if (!valueFlags.contains(name)) {
            throw new IllegalArgumentException(PREFIX + name + " is not a declared value flag");
        }
        return name;
    }

    private static UsageException expected(String name, String what, String raw) {
        return new UsageException(PREFIX + name + " expects " + what + ", got '" + raw + "'");
    }

    private static UsageException repeated(String name) {
        return new UsageException(PREFIX + name + " given more than once");
    }

    private static String known(Set<String> valued, Set<String> booleans) {
        Set<String> all = new TreeSet<>(valued);
        all.addAll(booleans);
        return all.stream().map(n -> PREFIX + n).collect(Collectors.joining(", "));
    }

    private static Set<String> normalizeAll(Set<String> flags) {
        return flags.stream().map(Args::normalize).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String normalize(String flag) {
        return flag.startsWith(PREFIX) ? flag.substring(PREFIX.length()) : flag;
    }
}
