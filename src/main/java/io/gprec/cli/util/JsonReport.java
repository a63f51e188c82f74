package io.gprec.cli.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a flat JSON object of the given map (String -> Number/String/Boolean/nested Map) to a file with Jackson,
 * pretty-printed, creating parent directories. Keys keep the map's iteration order; NaN and infinities become the
 * strings "NaN" / "Infinity" so the file stays valid JSON.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** Writes {@code values} to {@code file}, replacing it; I/O failures surface as UncheckedIOException. */
    public static void write(Path file, Map<String, ?> values) {
        String json;
        try {
            json = MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize report for " + file + ": " + e.getOriginalMessage(), e);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }
}
