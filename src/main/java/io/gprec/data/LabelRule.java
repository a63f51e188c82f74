package io.gprec.data;

import java.util.List;

/** Derives the 0/1 label from a numeric column, e.g. {@code rating >= 4} or {@code click == 1}. */
public record LabelRule(String column, String op, double value) {

    private static final List<String> OPS = List.of("==", "!=", ">", ">=", "<", "<=");

    public LabelRule {
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException("op must be one of " + String.join(" ", OPS) + ", got '" + op + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be a finite number, got " + value);
        }
    }

    /** 1 if the rule holds for {@code raw}, else 0; a value that is not a finite number is a LineFormatException. */
    int apply(String raw) {
        double x;
        try {
            x = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new LineFormatException("label column '" + column + "' is not a number: '" + raw + "'");
        }
        if (!Double.isFinite(x)) {
            throw new LineFormatException("label column '" + column + "' is not a finite number: '" + raw + "'");
        }
        boolean holds = switch (op) {
            case "==" -> x == value;
            case "!=" -> x != value;
            case ">" -> x > value;
            case ">=" -> x >= value;
            case "<" -> x < value;
            default -> x <= value;
        };
        return holds ? 1 : 0;
    }

    @Override
    public String toString() {
        return column + " " + op + " " + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    }
}
