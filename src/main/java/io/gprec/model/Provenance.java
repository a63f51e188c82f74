package io.gprec.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a snapshot came from: free-form entries (data, command, seed, ...) plus the creation time. */
public record Provenance(Map<String, String> entries) {
    public Provenance {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** Entries plus {@code created} = now (ISO-8601) unless already given. */
    public static Provenance of(Map<String, String> entries) {
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.putIfAbsent("created", Instant.now().toString());
        return new Provenance(m);
    }

    public String get(String key) { return entries.get(key); }
}
