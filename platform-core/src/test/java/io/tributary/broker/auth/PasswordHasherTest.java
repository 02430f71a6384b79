package io.tributary.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** PBKDF2 hashes as stored: salted, self-describing, verified in constant time; sha256 only read. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashIsSaltedPbkdf2WithItsRounds() {
        String a = hasher.hash("correct horse");
        String b = hasher.hash("correct horse");
        assertThat(a).startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$").doesNotContain("correct");
        assertThat(a.split("\\$")).hasSize(4);
        assertThat(a).as("a fresh salt each time").isNotEqualTo(b);
        assertThat(PasswordHasher.isHash(a)).isTrue();
        assertThat(PasswordHasher.ITERATIONS).isGreaterThanOrEqualTo(210_000);
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String h = hasher.hash("correct horse");
        assertThat(hasher.verify(h, "correct horse".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(hasher.verify(h, "correct hors".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(hasher.verify(h, new byte[0])).isFalse();
        assertThat(hasher.verify("garbage", "x".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void binaryPasswordsAreTheirBytes() {
        PasswordHasher fast = new PasswordHasher(1000);
        byte[] binary = {(byte) 0xFF, 0x00, (byte) 0xC3, (byte) 0xA9};
        String h = fast.hash(binary);
        assertThat(fast.verify(h, binary)).isTrue();
        assertThat(fast.verify(h, new byte[]{(byte) 0xFF, 0x00, (byte) 0xC3})).isFalse();
        // "é" as UTF-8 is C3 A9: a different password from the single byte E9
        String e = fast.hash("é");
        assertThat(fast.verify(e, new byte[]{(byte) 0xC3, (byte) 0xA9})).isTrue();
        assertThat(fast.verify(e, new byte[]{(byte) 0xE9})).isFalse();
    }

    @Test
    void legacySha256IsVerifiedAndMarkedForRehash() throws Exception {
        String legacy = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("hunter2".getBytes(StandardCharsets.UTF_8)));
        assertThat(hasher.verify(legacy, "hunter2".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(hasher.verify(legacy, "hunter3".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(hasher.needsRehash(legacy)).isTrue();
        assertThat(hasher.needsRehash(new PasswordHasher(1000).hash("x"))).as("fewer rounds").isTrue();
        assertThat(hasher.needsRehash(hasher.hash("x"))).isFalse();
    }
}
