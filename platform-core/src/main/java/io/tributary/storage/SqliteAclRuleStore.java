package io.tributary.storage;

import io.tributary.broker.acl.AclRule;
import io.tributary.broker.acl.AclRuleStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/**
 * ACL rules in the {@code mqtt_acl_rules} table, ordered by {@code position} (SQLite or PostgreSQL,
 * despite the name). Each save is written to the {@link ConfigJournal} in the same transaction.
 */
public final class SqliteAclRuleStore implements AclRuleStore {
    private final Database database;
    private final ConfigJournal journal;

    public SqliteAclRuleStore(Database database) {
        this(database, ConfigJournal.NONE);
    }

    public SqliteAclRuleStore(Database database, ConfigJournal journal) {
        this.database = database;
        this.journal = journal;
    }

    @Override
    public List<AclRule> loadAll() {
        return jdbi().withHandle(h -> h.createQuery("SELECT id, effect, action, username, client_id, topic "
                        + "FROM mqtt_acl_rules ORDER BY position")
                .map((rs, ctx) -> new AclRule(rs.getLong(1), AclRule.Effect.valueOf(rs.getString(2)),
                        AclRule.Action.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6)))
                .list());
    }

    @Override
    public void saveAll(List<AclRule> rules) {
        jdbi().useTransaction(h -> {
            h.execute("DELETE FROM mqtt_acl_rules");
            journal.record(h, ConfigJournal.Scope.MQTT_ACL, null);
            if (rules.isEmpty()) {
                return;
            }
            PreparedBatch batch = h.prepareBatch("INSERT INTO mqtt_acl_rules (id, position, effect, action, "
                    + "username, client_id, topic) VALUES (:id, :position, :effect, :action, :username, :client, :topic)");
            int position = 0;
            for (AclRule r : rules) {
                batch.bind("id", r.id()).bind("position", position++).bind("effect", r.effect().name())
                        .bind("action", r.action().name()).bind("username", r.username())
                        .bind("client", r.clientId()).bind("topic", r.topic()).add();
            }
            batch.execute();
        });
    }

    private Jdbi jdbi() {
        return database.jdbi();
    }
}
