package io.gprec.exposure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The TCP sockets a process listens on, from /proc/PID/net/tcp{,6} restricted to the socket inodes of /proc/PID/fd. */
public final class ListeningSockets {
    /** A listening socket: its address and port. */
    public record Listen(InetAddress address, int port) implements Comparable<Listen> {
        public boolean loopback() {
            return address.isLoopbackAddress();
        }

        @Override
        public int compareTo(Listen o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    private ListeningSockets() {}

    static Set<Listen> ofThisProcess() throws IOException {
        return of("self");
    }

    /** The listening TCP sockets of a process of this user ("self" = this JVM). */
    public static Set<Listen> of(String pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", pid, "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Listen> out = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path p = Path.of("/proc", pid, "net", table);
            if (!Files.exists(p)) continue;
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A") || !inodes.contains(f[9])) continue; // 0A = LISTEN
                String[] local = f[1].split(":");
                out.add(new Listen(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return out;
    }

    /** /proc's hex address: 32-bit words in host (little-endian) byte order; an IPv4-mapped IPv6 address becomes IPv4. */
    static InetAddress address(String hex) throws UnknownHostException {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(b);
    }
}
