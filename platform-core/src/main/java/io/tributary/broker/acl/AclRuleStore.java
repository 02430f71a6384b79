package io.tributary.broker.acl;

import java.util.List;

/**
 * Where {@link MqttAcl} keeps its rules (SQLite in the platform, implemented in
 * {@code io.tributary.storage}). Rule sets are small: every change writes the whole ordered list.
 */
public interface AclRuleStore {
    /** Nothing is kept: rules live as long as the broker. */
    AclRuleStore NONE = new AclRuleStore() {
        @Override
        public List<AclRule> loadAll() {
            return List.of();
        }

        @Override
        public void saveAll(List<AclRule> rules) {
        }
    };

    /** Every rule, in evaluation order. */
    List<AclRule> loadAll();

    /** Replaces every rule with {@code rules}, in this order, in one transaction. */
    void saveAll(List<AclRule> rules);
}
