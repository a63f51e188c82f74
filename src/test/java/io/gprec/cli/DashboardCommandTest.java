package io.gprec.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad dashboard flags are one-line usage errors (exit 2), for `gprec dashboard` and for the local run. */
class DashboardCommandTest {
    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Main.run(args);
        } finally {
            System.setErr(err);
        }
        return new String[]{String.valueOf(rc), captured.toString(StandardCharsets.UTF_8).strip()};
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThat(run("dashboard", "--port", "70000")).containsExactly("2",
                "gprec: --port expects a port in 0..65535 (0 = any free port), got 70000");
        assertThat(run("dashboard", "--port", "http")).containsExactly("2", "gprec: --port expects an integer, got 'http'");
    }

    @Test
    void aBindAddressThatIsNoAddressIsAUsageError() {
        assertThat(run("dashboard", "--bind", "not an address")).containsExactly("2",
                "gprec: --bind expects a local address such as 127.0.0.1, got 'not an address'");
    }

    @Test
    void aBootstrapAddressKafkaCannotParseIsAUsageError() {
        String[] r = run("dashboard", "--bootstrap-servers", "nohost", "--port", "0", "--snapshot-dir", "target/none");
        assertThat(r[0]).isEqualTo("2");
        // checked before a Kafka client is built: the flag, what it accepts, the value
        assertThat(r[1]).isEqualTo("gprec: --bootstrap-servers expects a comma-separated list of host:port with ports 1..65535, "
                + "e.g. 127.0.0.1:9092, got 'nohost' ('nohost' is not host:port)");
    }

    @Test
    void theLocalRunRejectsDashboardFlagsWithNoDashboard() {
        assertThat(run("run", "--no-dashboard", "--hold")).containsExactly("2",
                "gprec: --hold and --dashboard-port need the dashboard; drop --no-dashboard");
        assertThat(run("run", "--dashboard-port", "-1")).containsExactly("2",
                "gprec: --dashboard-port expects a port in 0..65535 (0 = any free port), got -1");
    }

    @Test
    void dashboardIsACommandWithHelp() {
        assertThat(Main.USAGE).contains("dashboard");
        assertThat(Help.of("dashboard")).contains("--bootstrap-servers", "--metrics-topic", "--snapshot-dir", "--bind", "--port");
        assertThat(Help.of("run")).contains("--no-dashboard", "--dashboard-port", "--hold");
    }
}
