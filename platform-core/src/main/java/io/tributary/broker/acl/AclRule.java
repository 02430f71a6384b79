package io.tributary.broker.acl;

import io.tributary.broker.auth.AccessException;
import io.tributary.broker.auth.ClientIdPattern;
import io.tributary.broker.auth.MqttUsers;
import io.tributary.broker.topic.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One ACL rule. Rules are checked in order; the first that applies to the client and matches the
 * topic decides. A rule applies to a client when its user name (if set) equals the client's user
 * and its client id pattern (if set) matches the client id; with neither set it applies to all.
 *
 * @param id       stable id (positions change when rules move)
 * @param effect   allow or deny
 * @param action   publish, subscribe (and receive) or both
 * @param username only this user, or {@code null} for any client (anonymous ones too)
 * @param clientId only client ids matching this {@link ClientIdPattern} glob, or {@code null}
 * @param topic    topic filter; {@code %u} and {@code %c} stand for the user name and client id
 */
public record AclRule(long id, Effect effect, Action action, String username, String clientId, String topic) {

    public enum Effect { ALLOW, DENY }

    public enum Action {
        PUBLISH, SUBSCRIBE, ALL;

        boolean includes(Action a) {
            return this == ALL || this == a;
        }
    }

    public boolean appliesTo(String user, String client) {
        return (username == null || username.equals(user))
                && (clientId == null || ClientIdPattern.of(clientId).matches(client, user));
    }

    AclRule withId(long newId) {
        return new AclRule(newId, effect, action, username, clientId, topic);
    }

    /**
     * Checks a rule given as text (from the API), returning it with id 0.
     *
     * @throws AccessException INVALID with one error per bad field
     */
    public static AclRule parse(String effect, String action, String username, String clientId, String topic) {
        List<AccessException.FieldError> errors = new ArrayList<>();
        Effect e = option(Effect.class, effect, "effect", "allow or deny", errors);
        Action a = option(Action.class, action, "action", "publish, subscribe or all", errors);
        String user = blankToNull(username);
        if (user != null) {
            String why = MqttUsers.nameError(user);
            if (why != null) {
                errors.add(new AccessException.FieldError("username", why));
            }
        }
        String client = blankToNull(clientId);
        if (client != null) {
            try {
                ClientIdPattern.of(client);
            } catch (IllegalArgumentException ex) {
                errors.add(new AccessException.FieldError("clientId", ex.getMessage()));
            }
        }
        if (topic == null || topic.isBlank()) {
            errors.add(new AccessException.FieldError("topic", "is required"));
        } else if (topic.startsWith(Topics.SHARE_PREFIX)) {
            errors.add(new AccessException.FieldError("topic",
                    "must be a plain topic filter: shared subscriptions are checked by their filter"));
        } else if (!Topics.isValidFilter(topic.replace("%u", "u").replace("%c", "c"))) {
            errors.add(new AccessException.FieldError("topic",
                    "is not a valid topic filter ('+' and '#' must fill a whole level, '#' only last)"));
        }
        if (!errors.isEmpty()) {
            throw AccessException.invalid(errors);
        }
        return new AclRule(0, e, a, user, client, topic);
    }

    private static <T extends Enum<T>> T option(Class<T> type, String value, String field, String accepted,
                                                List<AccessException.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new AccessException.FieldError(field, "is required (" + accepted + ")"));
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            errors.add(new AccessException.FieldError(field, "must be " + accepted));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
