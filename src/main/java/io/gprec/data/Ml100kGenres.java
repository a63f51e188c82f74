package io.gprec.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Names the 19 genre flags of ML-100K's u.item and turns a row of flags into one genre-combination value. */
final class Ml100kGenres {

    static final int COUNT = 19;

    /** The ML-100K genre list, used when u.genre is absent; matches the published u.genre. */
    static final List<String> DEFAULT_NAMES = List.of(
            "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
            "War", "Western");

    private final List<String> names;

    private Ml100kGenres(List<String> names) {
        this.names = names;
    }

    /** Uses {@code dir/u.genre} ({@code name|index} lines) when present, else {@link #DEFAULT_NAMES}. */
    static Ml100kGenres load(Path dir) {
        Path file = dir.resolve("u.genre");
        if (!Files.isRegularFile(file)) {
            return new Ml100kGenres(DEFAULT_NAMES);
        }
        String[] byIndex = new String[COUNT];
        TextLines.forEach(file, line -> {
            String[] t = Tokens.split(line, "|", 2);
            int index = Tokens.parseInt(t[1], "genre index");
            if (index < 0 || index >= COUNT) {
                throw new LineFormatException("genre index " + index + " is outside 0.." + (COUNT - 1)
                        + " (u.item has " + COUNT + " genre flags)");
            }
            if (byIndex[index] != null) {
                throw new LineFormatException("genre index " + index + " is listed twice");
            }
            byIndex[index] = Tokens.requireNonEmpty(t[0], "genre name");
        });
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            if (byIndex[i] == null) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(file + " names no genre for flag indices " + missing
                    + "; u.item has " + COUNT + " genre flags");
        }
        return new Ml100kGenres(List.copyOf(Arrays.asList(byIndex)));
    }

    /** Joins the names of the set flags with '|' in flag order, e.g. "Animation|Children's|Comedy". */
    String combination(String[] tokens, int firstFlag) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            String flag = tokens[firstFlag + i];
            if (flag.equals("1")) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(names.get(i));
            } else if (!flag.equals("0")) {
                throw new LineFormatException("genre flag for '" + names.get(i) + "' must be 0 or 1, got '" + flag + "'");
            }
        }
        return sb.length() == 0 ? MovieLensSchema.UNKNOWN : sb.toString();
    }
}
