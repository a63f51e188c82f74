package io.gprec.cli;

import io.gprec.cli.util.UsageException;
import io.gprec.data.DatasetException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The {@code gprec} command line: one entry point, one subcommand per job.
 *
 * <pre>
 * scripts/gprec offline --model gprec --strategy input --seed 1
 * scripts/gprec bench --model base --batch 4096
 * </pre>
 */
public final class Main {
    static final String USAGE = """
            usage: gprec <command> [options]
              run       the streaming job locally: Kafka broker + Flink MiniCluster, replay, online training
              offline   train and test with the paper's offline protocol (80/10/10 split, early stopping)
              bench     training throughput in examples/s
              replay    produce a dataset (MovieLens or a CSV with a schema file) to Kafka as click events
              generate  a synthetic click stream with planted user groups, to CSV files + schema or to Kafka
              dashboard live web dashboard of a job: AUC, LogLoss, events/s, groups, group-embedding heatmap
              soak      sample a running job's heap, RocksDB size and checkpoints; plot them and judge if they stay flat
            run 'gprec <command> --help' for the options of a command""";

    private static final java.util.List<String> COMMANDS = java.util.List.of("run", "offline", "bench", "replay", "generate", "dashboard", "soak");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns the exit code: 0 ok, 1 failed, 2 usage error. */
    static int run(String[] args) {
        try {
            return dispatch(args);
        } catch (Exception e) {
            System.err.println("gprec: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static int dispatch(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            if (!COMMANDS.contains(args[0])) {
                throw new UsageException("unknown command '" + args[0] + "'; known: " + String.join(", ", COMMANDS));
            }
            if (Arrays.asList(rest).contains("--help")) {
                System.out.println(Help.of(args[0]));
                return 0;
            }
            switch (args[0]) {
                case "run" -> RunCommand.run(rest);
                case "offline" -> OfflineCommand.run(rest);
                case "bench" -> BenchCommand.run(rest);
                case "replay" -> ReplayCommand.run(rest);
                case "generate" -> GenerateCommand.run(rest);
                case "dashboard" -> DashboardCommand.run(rest);
                case "soak" -> SoakCommand.run(rest);
                default -> throw new IllegalStateException("command without a handler: " + args[0]);
            }
            return 0;
        } catch (UsageException e) {
            System.err.println("gprec: " + e.getMessage());
            return 2;
        } catch (DatasetException | io.gprec.replay.ReplayException e) {
            System.err.println("gprec: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("gprec: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("gprec: I/O error: " + e.getMessage());
            return 1;
        }
    }
}
