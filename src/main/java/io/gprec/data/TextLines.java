package io.gprec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Streams the lines of a data file and pins every parse failure to its file and 1-based line number. */
final class TextLines {

    private static final int MAX_QUOTED_LINE = 120;

    /** Receives one non-blank line; throws {@link LineFormatException} when the line is unusable. */
    @FunctionalInterface
    interface LineHandler {
        void accept(String line);
    }

    private TextLines() {
    }

    /**
     * Feeds every non-blank line of {@code file} to {@code handler}.
     * ISO-8859-1 maps every byte to a char, so decoding never fails: MovieLens files are ASCII except
     * for Latin-1 movie titles, which UTF-8 would reject as malformed input.
     */
    static void forEach(Path file, LineHandler handler) {
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                // Trailing empty lines are common (u.genre ends with one) and carry no data.
                if (line.isBlank()) {
                    continue;
                }
                try {
                    handler.accept(line);
                } catch (LineFormatException e) {
                    throw new DatasetException(file + " line " + lineNumber + ": " + e.getMessage()
                            + " (line was: '" + abbreviate(line) + "')");
                }
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException("missing file: " + file, e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + " (after line " + lineNumber + "): " + e, e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= MAX_QUOTED_LINE ? line : line.substring(0, MAX_QUOTED_LINE) + "...";
    }
}
