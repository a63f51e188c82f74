package io.gprec.exposure;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything this JVM writes while it is open: every log4j event at INFO and above from every logger (levels raised
 * from the quiet defaults for the duration, with stack traces), and System.out / System.err.
 */
final class LogCapture implements AutoCloseable {
    private final StringWriter log = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private final PrintStream oldOut = System.out, oldErr = System.err;
    private final Map<String, Level> oldLevels = new HashMap<>();
    private final WriterAppender appender;

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("exposure-capture").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").withConfiguration(config).build())
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        for (LoggerConfig lc : loggers(config)) {
            oldLevels.put(lc.getName(), lc.getLevel());
            lc.addAppender(appender, Level.INFO, null);
            lc.setLevel(Level.INFO);
        }
        ctx.updateLoggers();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static java.util.Set<LoggerConfig> loggers(Configuration config) {
        java.util.Set<LoggerConfig> all = new java.util.LinkedHashSet<>(config.getLoggers().values());
        all.add(config.getRootLogger());
        return all;
    }

    /** The log so far, then stdout, then stderr. */
    String all() {
        return log + "\n--- stdout ---\n" + out.toString(StandardCharsets.UTF_8) + "\n--- stderr ---\n" + err.toString(StandardCharsets.UTF_8);
    }

    String log() {
        return log.toString();
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        for (LoggerConfig lc : loggers(config)) {
            lc.removeAppender(appender.getName());
            Level old = oldLevels.get(lc.getName());
            if (old != null) lc.setLevel(old);
        }
        ctx.updateLoggers();
        appender.stop();
    }
}
