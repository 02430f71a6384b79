package io.tributary.broker.acl;

import io.tributary.broker.auth.AccessException;
import io.tributary.broker.auth.SubscribeGrant;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Ordered rules, first match, the default, substitutions and what they must never widen. */
class MqttAclTest {
    private final MqttAcl acl = new MqttAcl(false);

    private AclRule add(String effect, String action, String user, String client, String topic) {
        return acl.create(AclRule.parse(effect, action, user, client, topic), null);
    }

    @Test
    void withoutRulesTheDefaultDecides() {
        assertThat(new MqttAcl(true).canPublish("c", "u", "a/b")).isTrue();
        assertThat(new MqttAcl(true).subscribe("c", "u", "#")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.canPublish("c", "u", "a/b")).isFalse();
        assertThat(acl.subscribe("c", null, "a/b")).isEqualTo(SubscribeGrant.DENIED);
    }

    @Test
    void theFirstMatchingRuleWins() {
        add("deny", "publish", null, null, "a/secret");
        add("allow", "publish", null, null, "a/#");
        assertThat(acl.canPublish("c", "u", "a/secret")).isFalse();
        assertThat(acl.canPublish("c", "u", "a/open")).isTrue();
        assertThat(acl.canPublish("c", "u", "b")).isFalse(); // default deny
        MqttAcl.TestResult t = acl.test("u", "c", AclRule.Action.PUBLISH, "a/secret");
        assertThat(t.allowed()).isFalse();
        assertThat(t.rule().topic()).isEqualTo("a/secret");
        assertThat(acl.test("u", "c", AclRule.Action.PUBLISH, "b").rule()).as("default decided").isNull();
    }

    @Test
    void actionsAreSeparate() {
        add("allow", "subscribe", null, null, "s/#");
        add("allow", "all", null, null, "both/#");
        assertThat(acl.canPublish("c", null, "s/x")).isFalse();
        assertThat(acl.subscribe("c", null, "s/x")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.canPublish("c", null, "both/x")).isTrue();
        assertThat(acl.subscribe("c", null, "both/+")).isEqualTo(SubscribeGrant.GRANTED);
    }

    @Test
    void rulesAreScopedByUserAndClientIdPattern() {
        add("allow", "publish", "alice", null, "alice-only");
        add("allow", "publish", null, "sensor-*", "sensors");
        add("allow", "publish", "bob", "bob-?", "bob-and-pattern");
        assertThat(acl.canPublish("x", "alice", "alice-only")).isTrue();
        assertThat(acl.canPublish("x", "bob", "alice-only")).isFalse();
        assertThat(acl.canPublish("x", null, "alice-only")).isFalse();
        assertThat(acl.canPublish("sensor-7", null, "sensors")).isTrue();
        assertThat(acl.canPublish("pump-7", null, "sensors")).isFalse();
        assertThat(acl.canPublish("bob-1", "bob", "bob-and-pattern")).isTrue();
        assertThat(acl.canPublish("bob-12", "bob", "bob-and-pattern")).isFalse();
        assertThat(acl.canPublish("bob-1", "alice", "bob-and-pattern")).isFalse();
    }

    @Test
    void aSubscriptionIsAllowedOnlyWhenARuleCoversAllOfIt() {
        add("allow", "subscribe", null, null, "a/#");
        add("allow", "subscribe", null, null, "b/+");
        assertThat(acl.subscribe("c", null, "a/+/b")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.subscribe("c", null, "a")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.subscribe("c", null, "b/x")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.subscribe("c", null, "b/#")).as("b/+ does not allow b/#").isEqualTo(SubscribeGrant.DENIED);
        assertThat(acl.subscribe("c", null, "#")).isEqualTo(SubscribeGrant.DENIED);
    }

    @Test
    void aDenyInsideAnAllowedWildcardIsCheckedPerTopic() {
        MqttAcl open = new MqttAcl(true);
        open.create(AclRule.parse("deny", "subscribe", null, null, "secret/#"), null);
        assertThat(open.subscribe("c", null, "secret/+")).isEqualTo(SubscribeGrant.DENIED);
        assertThat(open.subscribe("c", null, "public/#")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(open.subscribe("c", null, "#")).isEqualTo(SubscribeGrant.PER_TOPIC);
        assertThat(open.canReceive("c", null, "secret/x")).isFalse();
        assertThat(open.canReceive("c", null, "public/x")).isTrue();
        assertThat(open.test("u", "c", AclRule.Action.SUBSCRIBE, "#").grant()).isEqualTo(SubscribeGrant.PER_TOPIC);
    }

    @Test
    void userAndClientIdAreSubstituted() {
        add("allow", "all", null, null, "users/%u/#");
        add("allow", "publish", null, null, "clients/%c/up");
        assertThat(acl.canPublish("c1", "alice", "users/alice/x")).isTrue();
        assertThat(acl.canPublish("c1", "alice", "users/bob/x")).isFalse();
        assertThat(acl.subscribe("c1", "alice", "users/alice/#")).isEqualTo(SubscribeGrant.GRANTED);
        assertThat(acl.subscribe("c1", "alice", "users/+/#")).isEqualTo(SubscribeGrant.DENIED);
        assertThat(acl.canPublish("c1", "alice", "clients/c1/up")).isTrue();
        assertThat(acl.canPublish("c2", "alice", "clients/c1/up")).isFalse();
        assertThat(acl.canPublish("c1", null, "users/null/x")).as("%u never applies to anonymous").isFalse();
    }

    @Test
    void aClientIdWithWildcardsOrSlashesNeverWidensAnAllowRule() {
        add("allow", "all", null, null, "clients/%c/#");
        for (String id : List.of("+", "#", "a/b", "x/+")) {
            assertThat(acl.subscribe(id, null, "clients/+/#")).as(id).isEqualTo(SubscribeGrant.DENIED);
            assertThat(acl.subscribe(id, null, "clients/#")).as(id).isEqualTo(SubscribeGrant.DENIED);
            assertThat(acl.canPublish(id, null, "clients/a/b/x")).as(id).isFalse();
        }
        assertThat(acl.subscribe("ok", null, "clients/ok/#")).isEqualTo(SubscribeGrant.GRANTED);
    }

    @Test
    void aClientIdWithWildcardsOrSlashesMakesADenyRuleDenyEverything() {
        MqttAcl open = new MqttAcl(true);
        open.create(AclRule.parse("deny", "publish", null, null, "clients/%c/cmd"), null);
        assertThat(open.canPublish("a/b", null, "clients/a/b/cmd")).isFalse();
        assertThat(open.canPublish("a/b", null, "anything")).as("fails closed").isFalse();
        assertThat(open.canPublish("ab", null, "anything")).isTrue();
        assertThat(open.canPublish("ab", null, "clients/ab/cmd")).isFalse();
    }

    @Test
    void rulesMoveAndReorder() {
        AclRule allow = add("allow", "publish", null, null, "x");
        AclRule deny = add("deny", "publish", null, null, "x");
        assertThat(acl.canPublish("c", null, "x")).isTrue();
        acl.update(deny.id(), deny, 0);
        assertThat(acl.canPublish("c", null, "x")).as("deny moved first").isFalse();
        acl.reorder(List.of(allow.id(), deny.id()));
        assertThat(acl.canPublish("c", null, "x")).isTrue();
        acl.delete(allow.id());
        assertThat(acl.rules()).extracting(AclRule::id).containsExactly(deny.id());
        assertThatThrownBy(() -> acl.reorder(List.of(deny.id(), deny.id())))
                .isInstanceOf(AccessException.class).hasMessageContaining("every rule id exactly once");
        assertThatThrownBy(() -> acl.delete(999)).isInstanceOf(AccessException.class)
                .extracting(e -> ((AccessException) e).kind()).isEqualTo(AccessException.Kind.NOT_FOUND);
    }

    @Test
    void aRuleIsCreatedAtAPosition() {
        AclRule a = add("allow", "publish", null, null, "a");
        AclRule b = acl.create(AclRule.parse("allow", "publish", null, null, "b"), 0);
        assertThat(acl.rules()).extracting(AclRule::id).containsExactly(b.id(), a.id());
    }

    @Test
    void badRulesAreRefusedFieldByField() {
        AccessException e = catchThrowableOfType(AccessException.class,
                () -> AclRule.parse("maybe", "read", "a/b", "", "a/#/b"));
        assertThat(e.kind()).isEqualTo(AccessException.Kind.INVALID);
        assertThat(e.errors()).extracting(AccessException.FieldError::field)
                .containsExactly("effect", "action", "username", "topic");
        assertThat(catchThrowableOfType(AccessException.class, () -> AclRule.parse("allow", "publish", null, null, ""))
                .errors()).extracting(AccessException.FieldError::field).containsExactly("topic");
        assertThat(catchThrowableOfType(AccessException.class,
                () -> AclRule.parse("allow", "publish", null, null, "$share/g/a")).errors().get(0).message())
                .contains("plain topic filter");
        assertThat(AclRule.parse(" Allow ", "SUBSCRIBE", " ", null, "a/%u/+").username()).isNull();
    }

    @Test
    void changesAreStoredAndAnnounced() {
        List<List<AclRule>> saved = new ArrayList<>();
        int[] changes = {0};
        MqttAcl stored = new MqttAcl(false);
        stored.onChange(() -> changes[0]++);
        stored.attach(new AclRuleStore() {
            @Override
            public List<AclRule> loadAll() {
                return List.of(new AclRule(7, AclRule.Effect.ALLOW, AclRule.Action.ALL, null, null, "loaded/#"));
            }

            @Override
            public void saveAll(List<AclRule> rules) {
                saved.add(rules);
            }
        });
        assertThat(stored.canPublish("c", null, "loaded/x")).isTrue();
        AclRule added = stored.create(AclRule.parse("deny", "all", null, null, "x"), null);
        assertThat(added.id()).as("ids continue after the loaded ones").isEqualTo(8);
        assertThat(saved).hasSize(1);
        assertThat(saved.get(0)).extracting(AclRule::id).containsExactly(7L, 8L);
        assertThat(changes[0]).isEqualTo(2);
    }
}
