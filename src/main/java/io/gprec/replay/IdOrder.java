package io.gprec.replay;

import java.util.Comparator;

/** Orders categorical ids numerically when both parse as longs ("9" before "10"), else as strings. */
final class IdOrder implements Comparator<String> {

    static final IdOrder INSTANCE = new IdOrder();

    private IdOrder() {
    }

    /**
     * Numeric ids sort before non-numeric ones: comparing a mixed pair as strings would not be
     * transitive ("2" < "10" < "1a" < "2") and could make the sort throw.
     */
    @Override
    public int compare(String a, String b) {
        boolean numA = isLong(a);
        boolean numB = isLong(b);
        if (numA && numB) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            // "7" and "007" are numerically equal: the string order keeps the result total and deterministic.
            return c != 0 ? c : a.compareTo(b);
        }
        if (numA != numB) {
            return numA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** True if {@link Long#parseLong} accepts {@code s}; rejects obvious non-numbers without an exception. */
    static boolean isLong(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (start == n) {
            return false;
        }
        for (int i = start; i < n; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException overflow) {
            return false; // too many digits for a long
        }
    }
}
