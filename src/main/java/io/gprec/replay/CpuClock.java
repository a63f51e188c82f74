package io.gprec.replay;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this JVM and of the calling thread between construction and {@link #stop}: on a machine shared with
 * other jobs, CPU per event compares two runs where wall-clock rates do not. NaN where the JVM cannot tell.
 */
final class CpuClock {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long process0 = processNanos();
    private final long thread0 = threadNanos();
    private long process1 = -1;
    private long thread1 = -1;

    void stop() {
        process1 = processNanos();
        thread1 = threadNanos();
    }

    double processSeconds() {
        return process0 < 0 || process1 < 0 ? Double.NaN : (process1 - process0) / 1e9;
    }

    double threadSeconds() {
        return thread0 < 0 || thread1 < 0 ? Double.NaN : (thread1 - thread0) / 1e9;
    }

    private long threadNanos() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    private static long processNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
