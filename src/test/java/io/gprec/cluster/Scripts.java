package io.gprec.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's shell scripts as a user does (bash, project root as working dir), with a time bound. */
final class Scripts {
    private Scripts() {}

    /** Exit code and the merged stdout/stderr of one script run. */
    record Result(int exitCode, String output) {
        /** The last non-blank line (scripts print their result, e.g. a job id, last on stdout). */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    static Result run(Duration timeout, Path log, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "scripts/" + script));
        cmd.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Path out = Files.createTempFile(log.getParent(), "script", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeout + ": "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.writeString(log, "$ " + String.join(" ", cmd) + "\n" + text, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Files.delete(out);
        return new Result(p.exitValue(), text);
    }

    /** Like run, but a non-zero exit fails with the script's output. */
    static Result ok(Duration timeout, Path log, String script, String... args) throws IOException, InterruptedException {
        Result r = run(timeout, log, script, args);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("scripts/" + script + " " + String.join(" ", args) + " exited with " + r.exitCode()
                    + ":\n" + r.output());
        }
        return r;
    }

    /** n distinct free loopback ports (bound and released at once, so other tests' ports are not handed out twice here). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) s.close();
        }
    }
}
