package io.tributary.storage;

import io.tributary.broker.acl.AclRule;
import io.tributary.broker.acl.MqttAcl;
import io.tributary.broker.auth.ConnectCredentials;
import io.tributary.broker.auth.MqttUser;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.broker.auth.PasswordHasher;
import io.tributary.broker.auth.UserAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT users and ACL rules in a real SQLite file: hashed, seeded once, kept across restarts. */
class MqttAccessStorageTest {
    @TempDir
    Path dir;

    @Test
    void passwordsAreStoredAsPbkdf2HashesNeverInClear() throws Exception {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file); MqttUsers users = new MqttUsers(new PasswordHasher())) {
            users.seed("seeded:seed-password-1");
            users.attach(new SqliteMqttUserStore(db));
            users.create("alice", "correct-horse-battery", true, "%u-*");
        }
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).doesNotContain("correct-horse-battery").doesNotContain("seed-password-1")
                .contains("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$");

        try (Database db = Database.open(file)) {
            List<MqttUser> stored = new SqliteMqttUserStore(db).loadAll();
            assertThat(stored).extracting(MqttUser::username).containsExactly("alice", "seeded");
            MqttUser alice = stored.get(0);
            assertThat(alice.clientIdPattern()).isEqualTo("%u-*");
            assertThat(alice.enabled()).isTrue();
            assertThat(alice.createdTime()).isPositive();
            assertThat(new PasswordHasher().verify(alice.passwordHash(), bytes("correct-horse-battery"))).isTrue();
        }
    }

    @Test
    void theConfigurationSeedsAUserOnlyWhenTheDatabaseHasNone() {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file); MqttUsers users = new MqttUsers(new PasswordHasher())) {
            users.attach(new SqliteMqttUserStore(db));
            users.create("alice", "set-in-the-admin", null, null);
        }
        try (Database db = Database.open(file); MqttUsers users = new MqttUsers(new PasswordHasher())) {
            users.seed("alice:from-the-file, bob:bobs-password");
            users.attach(new SqliteMqttUserStore(db));
            PasswordHasher h = users.hasher();
            assertThat(h.verify(users.get("alice").passwordHash(), bytes("set-in-the-admin"))).isTrue();
            assertThat(h.verify(users.get("alice").passwordHash(), bytes("from-the-file"))).isFalse();
            assertThat(h.verify(users.get("bob").passwordHash(), bytes("bobs-password"))).isTrue();
        }
    }

    @Test
    void lastConnectTimeIsWrittenInTheBackground() throws Exception {
        Path file = dir.resolve("t.db");
        try (Database db = Database.open(file); MqttUsers users = new MqttUsers(new PasswordHasher())) {
            users.attach(new SqliteMqttUserStore(db));
            users.create("alice", "alice-password", null, null);
            try (UserAuthenticator auth = new UserAuthenticator(users, false, false)) {
                assertThat(auth.authenticate(ConnectCredentials.of("c", "alice", bytes("alice-password")))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS).allowed()).isTrue();
            }
        }
        try (Database db = Database.open(file)) {
            assertThat(new SqliteMqttUserStore(db).loadAll().get(0).lastConnectTime()).isPositive();
        }
    }

    @Test
    void aclRulesKeepTheirOrderAndIdsAcrossRestarts() {
        Path file = dir.resolve("t.db");
        long first;
        try (Database db = Database.open(file)) {
            MqttAcl acl = new MqttAcl(false);
            acl.attach(new SqliteAclRuleStore(db));
            AclRule a = acl.create(AclRule.parse("allow", "publish", "alice", "%u-*", "up/%c"), null);
            AclRule b = acl.create(AclRule.parse("deny", "all", null, null, "secret/#"), null);
            acl.reorder(List.of(b.id(), a.id()));
            first = b.id();
        }
        try (Database db = Database.open(file)) {
            MqttAcl acl = new MqttAcl(false);
            acl.attach(new SqliteAclRuleStore(db));
            assertThat(acl.rules()).extracting(AclRule::id).containsExactly(first, first - 1);
            AclRule a = acl.rules().get(1);
            assertThat(a).isEqualTo(new AclRule(a.id(), AclRule.Effect.ALLOW, AclRule.Action.PUBLISH, "alice", "%u-*",
                    "up/%c"));
            assertThat(acl.canPublish("alice-1", "alice", "up/alice-1")).isTrue();
            assertThat(acl.create(AclRule.parse("allow", "all", null, null, "x"), null).id()).isEqualTo(first + 1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
