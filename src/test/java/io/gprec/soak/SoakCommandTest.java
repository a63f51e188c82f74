package io.gprec.soak;

import io.gprec.cli.MainAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** `gprec soak --from-csv`: the verdict, the plot and the report of a recorded soak, and its exit code. */
class SoakCommandTest {
    @Test
    void aFlatSoakPassesAndALeakFails(@TempDir Path dir) throws Exception {
        String[] flat = run(dir, "flat", i -> 200 + (i % 6) * 100);
        assertThat(flat[0]).isEqualTo("0");
        assertThat(flat[1]).contains("TaskManager heap used").contains("FLAT").contains("soak: passed");
        assertThat(Files.size(dir.resolve("flat.png"))).isPositive();
        assertThat(Files.readString(dir.resolve("flat.json"))).contains("\"passed\" : true").contains("\"samples\" : 180");

        String[] leak = run(dir, "leak", i -> 300 + i);
        assertThat(leak[0]).isEqualTo("1");
        assertThat(leak[1]).contains("NOT FLAT").contains("gprec: soak: not every series stayed flat");
        assertThat(Files.readString(dir.resolve("leak.json"))).contains("\"passed\" : false");
    }

    private static String[] run(Path dir, String name, IntToLongFunction heapMiB) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(SoakSample.CSV_HEADER);
        FlatVerdictTest.soak(heapMiB).forEach(s -> lines.add(s.csvLine()));
        Path csv = Files.write(dir.resolve(name + ".csv"), lines);
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            System.setErr(p);
            rc = MainAccess.run("soak", "--from-csv", csv.toString(), "--png", dir.resolve(name + ".png").toString(),
                    "--report-json", dir.resolve(name + ".json").toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[]{String.valueOf(rc), out.toString(StandardCharsets.UTF_8)};
    }
}
