package io.tributary.broker.acl;

import io.tributary.broker.auth.SubscribeGrant;
import io.tributary.broker.topic.Topics;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules that apply to one client (user name and client id), with {@code %u} and {@code %c}
 * filled in, ready to evaluate. Built once per client and rule set, then only read.
 *
 * <p>A substituted value that contains {@code /}, {@code +} or {@code #} would change the
 * filter's shape, so it is never spliced in: such an allow rule matches nothing and such a deny
 * rule matches everything (both fail closed). A rule with {@code %u} does not apply to anonymous
 * clients.
 */
final class ClientRules {
    private static final String[] EVERYTHING = {"#"};

    /** A rule and its filter for this client. */
    record Compiled(AclRule rule, String[] levels) {
        boolean allow() {
            return rule.effect() == AclRule.Effect.ALLOW;
        }
    }

    private final List<AclRule> source;
    private final List<Compiled> publish;
    private final List<Compiled> subscribe;
    private final boolean defaultAllow;

    ClientRules(List<AclRule> rules, boolean defaultAllow, String username, String clientId) {
        this.source = rules;
        this.defaultAllow = defaultAllow;
        List<Compiled> pub = new ArrayList<>();
        List<Compiled> sub = new ArrayList<>();
        for (AclRule r : rules) {
            if (!r.appliesTo(username, clientId)) {
                continue;
            }
            String[] levels = substitute(r, username, clientId);
            if (levels == null) {
                continue;
            }
            Compiled c = new Compiled(r, levels);
            if (r.action().includes(AclRule.Action.PUBLISH)) {
                pub.add(c);
            }
            if (r.action().includes(AclRule.Action.SUBSCRIBE)) {
                sub.add(c);
            }
        }
        this.publish = List.copyOf(pub);
        this.subscribe = List.copyOf(sub);
    }

    /** The rule list this was built from (identity tells whether it is current). */
    List<AclRule> source() {
        return source;
    }

    /** The rule's filter for this client, or {@code null} when the rule cannot apply. */
    private static String[] substitute(AclRule r, String username, String clientId) {
        String t = r.topic();
        if (t.indexOf('%') < 0) {
            return Topics.levels(t);
        }
        boolean allow = r.effect() == AclRule.Effect.ALLOW;
        if (t.contains("%u")) {
            if (username == null) {
                return null;
            }
            if (unsafe(username)) {
                return allow ? null : EVERYTHING;
            }
            t = t.replace("%u", username);
        }
        if (t.contains("%c")) {
            if (unsafe(clientId)) {
                return allow ? null : EVERYTHING;
            }
            t = t.replace("%c", clientId);
        }
        return Topics.levels(t);
    }

    private static boolean unsafe(String value) {
        return value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('+') >= 0 || value.indexOf('#') >= 0
                || value.indexOf('\0') >= 0;
    }

    /** First publish rule matching the topic decides, else the default. */
    Decision publish(String topic) {
        return firstMatch(publish, Topics.levels(topic));
    }

    /** Like {@link #publish} with the subscribe rules: may a message on {@code topic} be delivered? */
    Decision receive(String topic) {
        return firstMatch(subscribe, Topics.levels(topic));
    }

    /**
     * The first subscribe rule whose filter covers the whole subscription decides; a deny rule met
     * before it that covers only part of the subscription makes a grant {@link SubscribeGrant#PER_TOPIC}.
     * With no covering rule, the default decides (a default allow is also per topic after such a deny).
     */
    SubscribeDecision subscribe(String filter) {
        String[] f = Topics.levels(filter);
        boolean partlyDenied = false;
        for (Compiled c : subscribe) {
            if (TopicFilters.covers(c.levels(), f)) {
                if (!c.allow()) {
                    return new SubscribeDecision(SubscribeGrant.DENIED, c.rule());
                }
                return new SubscribeDecision(partlyDenied ? SubscribeGrant.PER_TOPIC : SubscribeGrant.GRANTED, c.rule());
            }
            if (!c.allow() && TopicFilters.overlaps(c.levels(), f)) {
                partlyDenied = true;
            }
        }
        if (!defaultAllow) {
            return new SubscribeDecision(SubscribeGrant.DENIED, null);
        }
        return new SubscribeDecision(partlyDenied ? SubscribeGrant.PER_TOPIC : SubscribeGrant.GRANTED, null);
    }

    private Decision firstMatch(List<Compiled> rules, String[] topic) {
        for (Compiled c : rules) {
            if (TopicFilters.matches(c.levels(), topic)) {
                return new Decision(c.allow(), c.rule());
            }
        }
        return new Decision(defaultAllow, null);
    }

    /** @param rule the deciding rule, {@code null} for the default */
    record Decision(boolean allowed, AclRule rule) {
    }

    /** @param rule the deciding rule, {@code null} for the default */
    record SubscribeDecision(SubscribeGrant grant, AclRule rule) {
    }
}
