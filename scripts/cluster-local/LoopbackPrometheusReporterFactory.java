package io.gprec.cluster;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Properties;

/**
 * Flink's Prometheus reporter, listening on one address: Flink 2.2's PrometheusReporter binds every interface
 * (new InetSocketAddress(port)) and has no host option. scripts/cluster-local.sh compiles this against the Flink
 * classpath and puts it on the JobManager's and TaskManagers' classpath.
 *
 * <pre>
 * metrics.reporter.prom.factory.class: io.gprec.cluster.LoopbackPrometheusReporterFactory
 * metrics.reporter.prom.host: 127.0.0.1       # default
 * metrics.reporter.prom.port: 9249-9260
 * </pre>
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new Reporter(properties.getProperty("host", "127.0.0.1"), properties.getProperty("port", "9249"));
    }

    static final class Reporter extends AbstractPrometheusReporter {
        private final HTTPServer server;

        Reporter(String host, String ports) {
            HTTPServer started = null;
            for (Iterator<Integer> it = new PortRange(ports).getPortsIterator(); it.hasNext() && started == null; ) {
                int port = it.next();
                try {
                    started = new HTTPServer(new InetSocketAddress(host, port), registry(this), true);
                    log.info("Started the Prometheus reporter HTTP server on {}:{}.", host, port);
                } catch (IOException e) {
                    log.debug("Could not start the Prometheus reporter HTTP server on {}:{}.", host, port, e);
                }
            }
            if (started == null) {
                throw new RuntimeException("Could not start the Prometheus reporter HTTP server on " + host + ", any port of " + ports);
            }
            server = started;
        }

        /** The registry the base class fills (package-private there). */
        private static CollectorRegistry registry(AbstractPrometheusReporter r) {
            try {
                Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
                f.setAccessible(true);
                return (CollectorRegistry) f.get(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("AbstractPrometheusReporter has no registry field: another Flink version?", e);
            }
        }

        @Override
        public void close() {
            server.stop();
            super.close();
        }
    }
}
