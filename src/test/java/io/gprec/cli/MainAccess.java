package io.gprec.cli;

/** Main.run for tests in other packages: the exit code of a command, as scripts/gprec would return it. */
public final class MainAccess {
    private MainAccess() {}

    public static int run(String... args) {
        return Main.run(args);
    }
}
