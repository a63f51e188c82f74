package io.gprec.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes tiny synthetic MovieLens files for reader tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Writes lines as ISO-8859-1, the encoding of the real MovieLens files. */
    static Path write(Path dir, String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A u.item line with the given genre flag indices set, e.g. {@code item100k(1, "Toy Story (1995)", "01-Jan-1995", 3, 4, 5)}. */
    static String item100k(int id, String title, String releaseDate, int... genreFlags) {
        String[] flags = new String[Ml100kGenres.COUNT];
        Arrays.fill(flags, "0");
        for (int g : genreFlags) {
            flags[g] = "1";
        }
        return id + "|" + title + "|" + releaseDate + "||http://us.imdb.com/x|"
                + Arrays.stream(flags).collect(Collectors.joining("|"));
    }

    static void ml100k(Path dir) {
        write(dir, "u.user",
                "1|24|M|technician|85711",
                "2|17|F|student|T8H1N",
                "3|56|M|retired|12");
        write(dir, "u.item",
                item100k(1, "Toy Story (1995)", "01-Jan-1995", 3, 4, 5),
                item100k(2, "unknown", "", 0),
                item100k(3, "Café Society (1995)", "12-Sep-1995", 8));
        write(dir, "u.data",
                "1\t1\t5\t874965758",
                "2\t2\t3\t876893171",
                "3\t3\t4\t878542960",
                "1\t3\t1\t876893119");
    }

    static void ml1m(Path dir) {
        write(dir, "users.dat",
                "1::F::1::10::48067",
                "2::M::56::16::70072",
                "3::M::25::15::55117-1234");
        write(dir, "movies.dat",
                "1::Toy Story (1995)::Animation|Children's|Comedy",
                "2::Jumanji (1995)::Adventure|Children's|Fantasy",
                "3::Untitled::Drama",
                "4::Café au lait (Métisse) (1993)::Comedy");
        write(dir, "ratings.dat",
                "1::1::5::978300760",
                "2::2::3::978302109",
                "3::4::4::978301968",
                "3::3::1::978300275");
    }
}
