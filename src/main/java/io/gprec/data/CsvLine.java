package io.gprec.data;

import java.util.List;

/**
 * Splits one CSV/TSV line on a delimiter of one or more chars. A field that starts with a double quote runs to
 * the matching closing quote ({@code ""} inside is one quote), so quoted values may hold the delimiter
 * (KuaiRand's {@code tag} column is {@code "12,65"}); fields never span lines.
 */
final class CsvLine {

    private CsvLine() {
    }

    /** Clears {@code out} and fills it with the fields of {@code line}; an unclosed quote is a LineFormatException. */
    static void split(String line, String delimiter, List<String> out) {
        out.clear();
        int n = line.length();
        int i = 0;
        StringBuilder quoted = null;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                if (quoted == null) {
                    quoted = new StringBuilder();
                }
                quoted.setLength(0);
                int j = i + 1;
                while (true) {
                    int q = line.indexOf('"', j);
                    if (q < 0) {
                        throw new LineFormatException("unclosed quote in the field starting at char " + i);
                    }
                    quoted.append(line, j, q);
                    if (q + 1 < n && line.charAt(q + 1) == '"') {
                        quoted.append('"');
                        j = q + 2;
                    } else {
                        i = q + 1;
                        break;
                    }
                }
                out.add(quoted.toString());
                if (i == n) {
                    return;
                }
                if (!line.startsWith(delimiter, i)) {
                    throw new LineFormatException("text after the closing quote at char " + (i - 1));
                }
                i += delimiter.length();
            } else {
                int d = line.indexOf(delimiter, i);
                if (d < 0) {
                    out.add(line.substring(i));
                    return;
                }
                out.add(line.substring(i, d));
                i = d + delimiter.length();
            }
        }
    }
}
