package io.gprec.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line per fault test with its measured outcome: printed, and kept in target/faults/NAME.txt for scripts/faults.sh. */
public final class FaultReport {
    private FaultReport() {}

    public static void write(String name, String line) {
        String text = "FAULT " + name + ": " + line;
        System.out.println(text);
        try {
            Path dir = Path.of("target", "faults");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), text + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
