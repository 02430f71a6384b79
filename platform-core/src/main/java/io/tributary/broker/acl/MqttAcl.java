package io.tributary.broker.acl;

import io.tributary.broker.auth.AccessException;
import io.tributary.broker.auth.Authorizer;
import io.tributary.broker.auth.SubscribeGrant;
import io.tributary.broker.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordered ACL rules and the {@link Authorizer} they make. First matching rule wins, then
 * {@code auth.acl.default}. Rules are read from memory on every PUBLISH and SUBSCRIBE; each
 * client's applicable rules are compiled once per rule set. A change is stored, takes effect for
 * the next packet, and is announced so the broker re-checks existing subscriptions.
 */
public final class MqttAcl implements Authorizer {
    private static final Logger log = LoggerFactory.getLogger(MqttAcl.class);
    private static final int MAX_CACHED_CLIENTS = 10_000;

    private final boolean defaultAllow;
    private final Map<String, ClientRules> compiled = new ConcurrentHashMap<>();
    private volatile List<AclRule> rules = List.of();
    private volatile AclRuleStore store = AclRuleStore.NONE;
    private volatile Runnable onChange = () -> { };
    private long nextId = 1;

    /** @param defaultAllow what happens when no rule matches ({@code auth.acl.default}) */
    public MqttAcl(boolean defaultAllow) {
        this.defaultAllow = defaultAllow;
    }

    public boolean defaultAllow() {
        return defaultAllow;
    }

    /** Runs after every change to the rules (outside any lock of this class). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Keeps rules in {@code target} from now on, starting with the rules it holds. */
    public void attach(AclRuleStore target) {
        synchronized (this) {
            List<AclRule> loaded = target.loadAll();
            this.store = target;
            nextId = loaded.stream().mapToLong(AclRule::id).max().orElse(0) + 1;
            publish(loaded);
        }
        if (!rules.isEmpty()) {
            log.info("{} MQTT ACL rule(s) loaded; default {}", rules.size(), defaultAllow ? "allow" : "deny");
        }
        onChange.run();
    }

    /** Reads the rules again from the store, where another node changed them. */
    public void reload() {
        log.info("MQTT ACL rules changed on another node: reloading them");
        attach(store);
    }

    /** The rules in evaluation order. */
    public List<AclRule> rules() {
        return rules;
    }

    /** One rule. */
    public AclRule rule(long id) {
        return rules.stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> AccessException.notFound("ACL rule " + id + " not found"));
    }

    /**
     * Adds a rule (from {@link AclRule#parse}) at {@code position} (0 first; {@code null} or past the
     * end: last).
     */
    public AclRule create(AclRule rule, Integer position) {
        AclRule added;
        synchronized (this) {
            List<AclRule> next = new ArrayList<>(rules);
            added = rule.withId(nextId++);
            next.add(clamp(position, next.size()), added);
            save(next);
        }
        log.info("ACL rule {} added: {}", added.id(), describe(added));
        onChange.run();
        return added;
    }

    /** Replaces rule {@code id} with {@code rule}, keeping its id and, unless {@code position} is given, its place. */
    public AclRule update(long id, AclRule rule, Integer position) {
        AclRule updated = rule.withId(id);
        synchronized (this) {
            List<AclRule> next = new ArrayList<>(rules);
            int at = indexOf(next, id);
            next.remove(at);
            next.add(position == null ? at : clamp(position, next.size()), updated);
            save(next);
        }
        log.info("ACL rule {} changed: {}", id, describe(updated));
        onChange.run();
        return updated;
    }

    public void delete(long id) {
        synchronized (this) {
            List<AclRule> next = new ArrayList<>(rules);
            next.remove(indexOf(next, id));
            save(next);
        }
        log.info("ACL rule {} deleted", id);
        onChange.run();
    }

    /** Puts the rules in the order of {@code ids}, which must name every rule exactly once. */
    public List<AclRule> reorder(List<Long> ids) {
        synchronized (this) {
            Set<Long> seen = new HashSet<>(ids);
            Set<Long> existing = new HashSet<>();
            rules.forEach(r -> existing.add(r.id()));
            if (ids.size() != rules.size() || seen.size() != ids.size() || !seen.equals(existing)) {
                throw AccessException.invalid("ids", "must list every rule id exactly once (" + rules.size()
                        + " rules)");
            }
            List<AclRule> next = new ArrayList<>();
            for (long id : ids) {
                next.add(rule(id));
            }
            save(next);
        }
        log.info("ACL rules reordered");
        onChange.run();
        return rules;
    }

    /**
     * What the rules say to {@code username}/{@code clientId} doing {@code action} on {@code topic}
     * (a topic name for publish, a filter for subscribe), and which rule decided.
     */
    public TestResult test(String username, String clientId, AclRule.Action action, String topic) {
        ClientRules r = forClient(clientId == null ? "" : clientId, username);
        if (action == AclRule.Action.PUBLISH) {
            ClientRules.Decision d = r.publish(topic);
            return new TestResult(d.allowed(), d.allowed() ? SubscribeGrant.GRANTED : SubscribeGrant.DENIED, d.rule());
        }
        ClientRules.SubscribeDecision d = r.subscribe(topic);
        return new TestResult(d.grant() != SubscribeGrant.DENIED, d.grant(), d.rule());
    }

    /**
     * @param grant for a subscribe test, whether every topic is allowed or each is checked on delivery
     * @param rule  the deciding rule, {@code null} when the default decided
     */
    public record TestResult(boolean allowed, SubscribeGrant grant, AclRule rule) {
    }

    @Override
    public boolean canPublish(String clientId, String username, String topic) {
        if (rules.isEmpty()) {
            return defaultAllow;
        }
        return forClient(clientId, username).publish(topic).allowed();
    }

    @Override
    public SubscribeGrant subscribe(String clientId, String username, String filter) {
        if (rules.isEmpty()) {
            return defaultAllow ? SubscribeGrant.GRANTED : SubscribeGrant.DENIED;
        }
        return forClient(clientId, username).subscribe(filter).grant();
    }

    @Override
    public boolean canReceive(String clientId, String username, String topic) {
        if (rules.isEmpty()) {
            return defaultAllow;
        }
        return forClient(clientId, username).receive(topic).allowed();
    }

    private ClientRules forClient(String clientId, String username) {
        String key = username == null ? "\0" + clientId : username + "\0" + clientId;
        List<AclRule> current = rules;
        ClientRules r = compiled.get(key);
        if (r == null || r.source() != current) {
            if (compiled.size() >= MAX_CACHED_CLIENTS) {
                compiled.clear(); // clients come and go with fresh ids; rebuilding is cheap
            }
            r = new ClientRules(current, defaultAllow, username, clientId);
            compiled.put(key, r);
        }
        return r;
    }

    private void save(List<AclRule> next) {
        store.saveAll(next);
        publish(next);
    }

    private void publish(List<AclRule> next) {
        rules = List.copyOf(next);
        compiled.clear();
    }

    private static int indexOf(List<AclRule> list, long id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == id) {
                return i;
            }
        }
        throw AccessException.notFound("ACL rule " + id + " not found");
    }

    private static int clamp(Integer position, int size) {
        if (position == null || position > size) {
            return size;
        }
        return Math.max(0, position);
    }

    static String describe(AclRule r) {
        return r.effect().name().toLowerCase() + " " + r.action().name().toLowerCase() + " '" + r.topic() + "'"
                + (r.username() != null ? " for user '" + r.username() + "'" : "")
                + (r.clientId() != null ? " for client ids '" + r.clientId() + "'" : "");
    }

    /** True when {@code topic} may be given to {@link #test} for {@code action}. */
    public static boolean validTestTopic(AclRule.Action action, String topic) {
        return action == AclRule.Action.PUBLISH ? Topics.isValidTopicName(topic) : Topics.isValidFilter(topic);
    }
}
