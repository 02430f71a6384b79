package io.tributary.storage;

import io.tributary.broker.auth.MqttUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node hears about changes made by others in a shared PostgreSQL store. */
class ConfigSyncTest {
    @TempDir
    Path dir;
    Database db;
    ConfigJournal mine;
    ConfigJournal other;
    final List<String> heard = new ArrayList<>();
    ConfigSync sync;

    @BeforeEach
    void open() {
        db = Database.open(new StorageOptions(TestPostgres.get().newDatabase(), "postgres", "", 2),
                dir.resolve("unused.db"));
        mine = new ConfigJournal(db, "mine/1");
        other = new ConfigJournal(db, "other/1");
        sync = new ConfigSync(mine, new ConfigSync.Target() {
            @Override
            public void integrationChanged(String id) {
                heard.add("integration " + id);
            }

            @Override
            public void usersChanged() {
                heard.add("users");
            }

            @Override
            public void aclChanged() {
                heard.add("acl");
            }

            @Override
            public void everythingChanged() {
                heard.add("everything");
            }
        }, Duration.ofHours(1)).start(mine.current());
    }

    @AfterEach
    void close() {
        sync.close();
        db.close();
    }

    @Test
    void hearsOnceAboutEachThingOthersChangedAndNothingAboutItsOwnChanges() {
        IntegrationRepository theirs = new IntegrationRepository(db, other);
        theirs.insert(IntegrationRepositoryTest.sample("i-1", "one", 1));
        theirs.setEnabled("i-1", false);
        new SqliteMqttUserStore(db, other).insert(new MqttUser("bob", null, true, "*", 1, 0));
        new SqliteMqttUserStore(db, other).delete("bob");
        new IntegrationRepository(db, mine).insert(IntegrationRepositoryTest.sample("i-2", "two", 1));
        new SqliteAclRuleStore(db, mine).saveAll(List.of());

        sync.poll();
        assertThat(heard).containsExactly("integration i-1", "users");
        assertThat(sync.seen()).isEqualTo(6);

        heard.clear();
        sync.poll();
        assertThat(heard).as("nothing new").isEmpty();
    }

    @Test
    void aNodeThatMissedPrunedChangesReloadsEverything() {
        new SqliteAclRuleStore(db, other).saveAll(List.of());
        new SqliteAclRuleStore(db, other).saveAll(List.of());
        other.prune(Long.MAX_VALUE);

        sync.poll();
        assertThat(heard).containsExactly("everything");
        assertThat(sync.seen()).isEqualTo(2);
    }
}
