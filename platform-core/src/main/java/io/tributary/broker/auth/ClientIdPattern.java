package io.tributary.broker.auth;

import java.util.regex.Pattern;

/**
 * A glob over client ids: {@code *} any run of characters, {@code ?} one character, {@code %u}
 * the user name (literally: a user name with {@code *} in it matches only itself); everything
 * else matches itself. {@code *} alone allows any client id; {@code %u} or {@code %u-*} ties a
 * device's client id to its user.
 */
public final class ClientIdPattern {
    private final String glob;

    private ClientIdPattern(String glob) {
        this.glob = glob;
    }

    /** @throws IllegalArgumentException when the pattern is empty or has control characters */
    public static ClientIdPattern of(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (glob.length() > 256) {
            throw new IllegalArgumentException("must be at most 256 characters");
        }
        for (int i = 0; i < glob.length(); i++) {
            if (Character.isISOControl(glob.charAt(i))) {
                throw new IllegalArgumentException("must not contain control characters");
            }
        }
        return new ClientIdPattern(glob);
    }

    public String glob() {
        return glob;
    }

    /** True when {@code clientId} fits the pattern for {@code username} ({@code null}: anonymous, so {@code %u} fits nothing). */
    public boolean matches(String clientId, String username) {
        if (glob.equals("*")) {
            return true;
        }
        if (glob.contains("%u") && username == null) {
            return false;
        }
        return regex(username).matcher(clientId).matches();
    }

    private Pattern regex(String username) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                flush(re, literal);
                re.append(c == '*' ? ".*" : ".");
            } else if (c == '%' && i + 1 < glob.length() && glob.charAt(i + 1) == 'u') {
                literal.append(username);
                i++;
            } else {
                literal.append(c);
            }
        }
        flush(re, literal);
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    @Override
    public String toString() {
        return glob;
    }
}
