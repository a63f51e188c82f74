package io.gprec.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The page's files from the classpath: the project's own under {@code dashboard/}, and uPlot from its webjar
 * ({@code META-INF/resources/webjars/uplot/<version>/}), whose version is read from the webjar itself so the page
 * names no version. Nothing comes from the network.
 */
final class StaticFiles {
    /** Plain relative names only: no "..", no leading slash, no backslash. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json",
            "png", "image/png", "svg", "image/svg+xml");

    /** A file's bytes and content type. */
    record File(byte[] bytes, String contentType) {}

    private final ClassLoader loader;
    private final String uplotRoot;

    StaticFiles(ClassLoader loader) {
        this.loader = loader;
        this.uplotRoot = "META-INF/resources/webjars/uplot/" + webjarVersion(loader, "org.webjars.npm", "uplot") + "/";
    }

    /** A file of the page: "index.html", "dashboard.js", ... */
    Optional<File> own(String name) throws IOException {
        return load("dashboard/", name);
    }

    /** A file of uPlot's webjar: "dist/uPlot.iife.min.js", "dist/uPlot.min.css". */
    Optional<File> uplot(String name) throws IOException {
        return load(uplotRoot, name);
    }

    private Optional<File> load(String root, String name) throws IOException {
        if (!SAFE.matcher(name).matches()) return Optional.empty();
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            if (in == null) return Optional.empty();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(in.readAllBytes(), TYPES.getOrDefault(ext, "application/octet-stream")));
        }
    }

    static String webjarVersion(ClassLoader loader, String group, String artifact) {
        String props = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = loader.getResourceAsStream(props)) {
            if (in == null) throw new IllegalStateException("webjar " + group + ":" + artifact + " is not on the classpath (" + props + ")");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + props + ": " + e.getMessage(), e);
        }
    }
}
