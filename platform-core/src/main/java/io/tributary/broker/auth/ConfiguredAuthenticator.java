package io.tributary.broker.auth;

import io.tributary.config.ConfigException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credentials from configuration: {@code user:password} pairs separated by commas, where the
 * password may be written as {@code sha256:<hex>} to keep it out of the file in clear text.
 */
public final class ConfiguredAuthenticator implements Authenticator {
    private static final String SHA256 = "sha256:";
    private final boolean anonymous;
    private final Map<String, String> users;

    public ConfiguredAuthenticator(boolean anonymous, String usersSpec) {
        this.anonymous = anonymous;
        this.users = parse(usersSpec);
    }

    public boolean anonymousAllowed() {
        return anonymous;
    }

    public int userCount() {
        return users.size();
    }

    @Override
    public AuthResult authenticate(ConnectCredentials credentials) {
        String username = credentials.username();
        byte[] password = credentials.password();
        if (username == null && password == null) {
            return anonymous ? AuthResult.ALLOWED : AuthResult.NOT_AUTHORIZED;
        }
        if (anonymous && users.isEmpty()) {
            // nothing to check against: credentials sent out of habit must not lock a device out
            return AuthResult.ALLOWED;
        }
        if (username == null) {
            return AuthResult.BAD_CREDENTIALS;
        }
        String expected = users.get(username);
        if (expected == null || password == null) {
            return AuthResult.BAD_CREDENTIALS;
        }
        return matches(expected, password) ? AuthResult.ALLOWED : AuthResult.BAD_CREDENTIALS;
    }

    private static boolean matches(String expected, byte[] password) {
        byte[] want;
        byte[] got;
        if (expected.startsWith(SHA256)) {
            want = HexFormat.of().parseHex(expected.substring(SHA256.length()).toLowerCase());
            got = sha256(password);
        } else {
            want = expected.getBytes(StandardCharsets.UTF_8);
            got = password;
        }
        // constant-time compare so response timing does not reveal the password
        return MessageDigest.isEqual(want, got);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String spec) {
        Map<String, String> users = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return users;
        }
        for (String pair : spec.split(",")) {
            String p = pair.trim();
            int colon = p.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException("auth.users entries must look like user:password (got an entry without ':')");
            }
            String password = p.substring(colon + 1);
            if (password.startsWith(SHA256)) {
                String hex = password.substring(SHA256.length());
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new ConfigException("auth.users: sha256 password of '" + p.substring(0, colon)
                            + "' must be 64 hex digits");
                }
            }
            users.put(p.substring(0, colon), password);
        }
        return users;
    }
}
