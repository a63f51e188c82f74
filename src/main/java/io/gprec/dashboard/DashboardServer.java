package io.gprec.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP server (the JDK's com.sun.net.httpserver): the page and its scripts, uPlot from its webjar,
 * {@code /api/state} (everything so far, as JSON) and {@code /events} (Server-Sent Events: "history" first, then
 * "metrics", "heatmap" and "status" as they happen). Each browser holds one thread while connected.
 */
final class DashboardServer implements AutoCloseable {
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final DashboardHub hub;
    private final StaticFiles files = new StaticFiles(DashboardServer.class.getClassLoader());
    private volatile boolean closed;

    private DashboardServer(HttpServer server, DashboardHub hub) {
        this.server = server;
        this.hub = hub;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gprec-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Listens on bind:port; when that port is taken and {@code anyPortIfTaken}, on a free port instead.
     *
     * @throws BindException if the port is taken (and no fallback is allowed) or the address is not local
     */
    static DashboardServer start(String bind, int port, boolean anyPortIfTaken, DashboardHub hub) throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (BindException e) {
            if (!anyPortIfTaken || port == 0) throw new BindException("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            http = HttpServer.create(new InetSocketAddress(bind, 0), 0);
        }
        DashboardServer s = new DashboardServer(http, hub);
        http.start();
        return s;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The page's address; a wildcard bind is shown as the loopback address a local browser can open. */
    String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + a.getPort() + "/";
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                send(x, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = x.getRequestURI().getPath();
            if (path.equals("/events")) {
                stream(x);
                return;
            }
            Optional<StaticFiles.File> file;
            if (path.equals("/") || path.equals("/index.html")) {
                file = files.own("index.html");
            } else if (path.equals("/api/state")) {
                file = Optional.of(new StaticFiles.File(hub.state().toString().getBytes(StandardCharsets.UTF_8),
                        "application/json"));
            } else if (path.startsWith("/static/")) {
                file = files.own(path.substring("/static/".length()));
            } else if (path.startsWith("/webjars/uplot/")) {
                file = files.uplot(path.substring("/webjars/uplot/".length()));
            } else {
                file = Optional.empty();
            }
            if (file.isEmpty()) {
                send(x, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                x.getResponseHeaders().set("Cache-Control", "no-cache");
                send(x, 200, file.get().contentType(), method.equals("HEAD") ? null : file.get().bytes());
            }
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** One browser's event stream, until it goes away, falls too far behind, or the server stops. */
    private void stream(HttpExchange x) throws IOException {
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0); // chunked: the stream has no length
        DashboardHub.Listener listener = hub.subscribe();
        try (OutputStream out = x.getResponseBody()) {
            out.write(SseFrames.retry(2000));
            out.flush();
            long lastWrite = System.nanoTime();
            while (!closed && !listener.overflowed) {
                byte[] frame = listener.frames.poll(500, TimeUnit.MILLISECONDS);
                if (frame != null) {
                    out.write(frame);
                    // send what queued up in one flush: a browser catching up should not get a packet per record
                    for (byte[] more; (more = listener.frames.poll()) != null; ) out.write(more);
                } else if (System.nanoTime() - lastWrite > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MILLIS)) {
                    out.write(SseFrames.keepAlive());
                } else {
                    continue;
                }
                out.flush();
                lastWrite = System.nanoTime();
            }
        } catch (IOException e) {
            // the browser went away: nothing to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(listener);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
