package io.tributary.secrets;

import io.tributary.config.ConfigException;
import io.tributary.config.TributaryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final byte[] KEY = Base64.getDecoder().decode(SecretKeys.generate());
    private static final byte[] OTHER = Base64.getDecoder().decode(SecretKeys.generate());

    @Test
    void sealsWithAFreshIvAndOpensAgain() {
        SecretBox box = SecretBox.of(KEY, null);
        String a = box.seal("hunter2-secret");
        String b = box.seal("hunter2-secret");
        assertThat(a).startsWith("enc:v1:").isNotEqualTo(b).doesNotContain("hunter2");
        assertThat(box.open(a)).isEqualTo("hunter2-secret");
        assertThat(box.open(b)).isEqualTo("hunter2-secret");
    }

    @Test
    void anotherKeyCannotOpenButAPreviousKeyCan() {
        String sealed = SecretBox.of(OTHER, null).seal("old-secret");
        assertThatThrownBy(() -> SecretBox.of(KEY, null).open(sealed)).isInstanceOf(SecretBox.WrongKeyException.class);
        SecretBox rotating = SecretBox.of(KEY, OTHER);
        assertThat(rotating.open(sealed)).isEqualTo("old-secret");
        assertThat(rotating.opensWithCurrentKey(sealed)).isFalse();
        String resealed = rotating.reseal(sealed);
        assertThat(SecretBox.of(KEY, null).open(resealed)).isEqualTo("old-secret");
    }

    @Test
    void alteredCiphertextIsRefused() {
        SecretBox box = SecretBox.of(KEY, null);
        String sealed = box.seal("value");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
        raw[raw.length - 1] ^= 1;
        String altered = SecretBox.PREFIX + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(altered)).isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @Test
    void opensEverySealedStringOfATreeAndKeepsOthers() {
        SecretBox box = SecretBox.of(KEY, null);
        Map<String, Object> stored = Map.of("password", box.seal("pw"), "port", 8080L,
                "properties", Map.of("x.password", box.seal("map-pw"), "plain", "enc:v1:not-ours"));
        assertThat(box.openAll(stored)).isEqualTo(Map.of("password", "pw", "port", 8080L,
                "properties", Map.of("x.password", "map-pw", "plain", "enc:v1:not-ours")));
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAtFirstStartAndReused(@TempDir Path dir) throws Exception {
        TributaryConfig config = TributaryConfig.of(Map.of("data.dir", dir.toString()));
        String sealed = SecretKeys.load(config).seal("kept");
        Path file = dir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretKeys.load(config).open(sealed)).isEqualTo("kept");
    }

    @Test
    void aConfiguredKeyWinsOverTheFile(@TempDir Path dir) {
        String key = SecretKeys.generate();
        SecretBox box = SecretKeys.load(TributaryConfig.of(Map.of("data.dir", dir.toString(), "secret.key", key)));
        assertThat(SecretBox.of(Base64.getDecoder().decode(key), null).open(box.seal("x"))).isEqualTo("x");
        assertThat(dir.resolve("secret.key")).doesNotExist();
    }

    @Test
    void aBadKeyFailsTheStartNamingTheKeyWithoutEchoingIt() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("secret.key", "c2hvcnQta2V5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("secret.key must be the base64 encoding of exactly 32 bytes")
                .hasMessageNotContaining("c2hvcnQta2V5");
    }

    @Test
    void aShortAdminPasswordFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> TributaryConfig.of(Map.of("admin.password", "short-pw")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("admin.password must be at least 12 characters long (it has 8)");
        assertThat(TributaryConfig.of(Map.of("admin.password", "long-enough-pw")).get(
                io.tributary.config.ConfigKey.ADMIN_PASSWORD)).isEqualTo("long-enough-pw");
    }
}
