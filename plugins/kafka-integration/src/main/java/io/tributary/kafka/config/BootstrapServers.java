package io.tributary.kafka.config;

import java.util.Optional;

/** Checks a {@code bootstrap.servers} list: comma separated {@code host:port}, port 1–65535. */
public final class BootstrapServers {
    private BootstrapServers() {
    }

    /** What is wrong with {@code list}, or empty when it is valid. */
    public static Optional<String> problem(String list) {
        if (list == null || list.isBlank()) {
            return Optional.of("at least one host:port is required");
        }
        for (String raw : list.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                return Optional.of("empty entry in the list; separate host:port pairs with single commas");
            }
            Optional<String> p = entryProblem(entry);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> entryProblem(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            return Optional.of("'" + entry + "' is not host:port");
        }
        String host = entry.substring(0, colon);
        // IPv6 literals are written [::1]:9092
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]") && host.length() > 2)) {
            return Optional.of("'" + entry + "': write IPv6 addresses as [address]:port");
        }
        if (host.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("'" + entry + "': host contains spaces");
        }
        String port = entry.substring(colon + 1);
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            return Optional.of("'" + entry + "': port must be a number 1-65535");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return Optional.of("'" + entry + "': port must be 1-65535");
        }
        return Optional.empty();
    }
}
