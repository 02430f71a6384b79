package io.tributary.admin.mqtt;

import io.tributary.broker.acl.AclRule;

import java.util.Locale;

/** An ACL rule as the API shows it: lower-case effect and action, its position in the order. */
public record AclRuleView(long id, int position, String effect, String action, String username, String clientId,
                          String topic) {
    public static AclRuleView of(AclRule r, int position) {
        return new AclRuleView(r.id(), position, r.effect().name().toLowerCase(Locale.ROOT),
                r.action().name().toLowerCase(Locale.ROOT), r.username(), r.clientId(), r.topic());
    }
}
