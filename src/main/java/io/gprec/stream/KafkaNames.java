package io.gprec.stream;

import java.util.regex.Pattern;

/** What Kafka accepts as a bootstrap list and a topic name, checked before a client is built around a typo. */
public final class KafkaNames {
    /** host:port, the host a name, an IPv4 address or a bracketed IPv6 address. */
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\\d{1,5})");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    public static final String SERVERS_ACCEPTED = "a comma-separated list of host:port with ports 1..65535, e.g. 127.0.0.1:9092";
    public static final String TOPIC_ACCEPTED = "1 to 249 of the characters A-Z a-z 0-9 . _ - (not '.' or '..')";

    private KafkaNames() {}

    /** Null when servers is a valid bootstrap list, else what is wrong with it. */
    public static String serversProblem(String servers) {
        if (servers == null || servers.isBlank()) return "empty";
        for (String s : servers.split(",", -1)) {
            var m = SERVER.matcher(s.trim());
            if (!m.matches()) return "'" + s.trim() + "' is not host:port";
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) return "port " + port + " of '" + s.trim() + "' is not in 1..65535";
        }
        return null;
    }

    public static boolean validTopic(String topic) {
        return topic != null && TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }
}
