package io.gprec.stream;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks that every option of the given holder classes parses, and says what it accepts when it does not: Flink's own
 * message ("Could not parse value 'x' for key ...") names neither the type nor, for an enum, the choices.
 */
final class OptionValues {
    private OptionValues() {}

    /** Throws IllegalArgumentException: "KEY: 'VALUE' is not ACCEPTED". */
    static void check(Configuration conf, List<Class<?>> holders) {
        for (Class<?> holder : holders) {
            for (Field f : holder.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class) continue;
                ConfigOption<?> option = option(f);
                try {
                    conf.get(option);
                } catch (IllegalArgumentException e) {
                    String raw = conf.toMap().get(option.key());
                    throw new IllegalArgumentException(option.key() + ": '" + raw + "' is not " + accepted(f));
                }
            }
        }
    }

    /** What a value of the option's type looks like, from the field's declared type ConfigOption&lt;T&gt;. */
    static String accepted(Field f) {
        Type t = ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
        if (t instanceof Class<?> c) {
            if (c.isEnum()) {
                return "one of " + Arrays.stream(c.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
            }
            if (c == Integer.class || c == Long.class) return "an integer";
            if (c == Double.class || c == Float.class) return "a number";
            if (c == Boolean.class) return "true or false";
            if (c == Duration.class) return "a duration such as 500 ms, 10 s or 1 min";
        }
        return "a valid value";
    }

    private static ConfigOption<?> option(Field f) {
        try {
            return (ConfigOption<?>) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("option " + f + " is not readable", e);
        }
    }
}
