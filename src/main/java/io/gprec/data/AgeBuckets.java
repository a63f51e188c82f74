package io.gprec.data;

import java.util.List;

/** Maps raw ages to the ML-1M age-group codes so both MovieLens datasets share one age vocabulary. */
final class AgeBuckets {

    /** ML-1M codes, each the lower bound of its group: <18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+. */
    static final List<String> CODES = List.of("1", "18", "25", "35", "45", "50", "56");

    private static final int[] LOWER_BOUNDS = {18, 25, 35, 45, 50, 56};

    private AgeBuckets() {
    }

    static String bucket(int age) {
        if (age < 0) {
            throw new LineFormatException("age must not be negative, got " + age);
        }
        String code = CODES.get(0);
        for (int i = 0; i < LOWER_BOUNDS.length && age >= LOWER_BOUNDS[i]; i++) {
            code = CODES.get(i + 1);
        }
        return code;
    }

    static String requireCode(String code) {
        if (!CODES.contains(code)) {
            throw new LineFormatException("age '" + code + "' is not an ML-1M age code; expected one of " + CODES);
        }
        return code;
    }
}
