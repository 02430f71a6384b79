package io.tributary.broker.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTrieTest {

    /** Filters (as stored values) that match {@code topic}, sorted. */
    private static List<String> matching(TopicTrie<String, String> trie, String topic) {
        List<String> out = new ArrayList<>();
        trie.match(topic, (key, filter) -> out.add(filter));
        out.sort(null);
        return out;
    }

    private static TopicTrie<String, String> trieOf(String... filters) {
        TopicTrie<String, String> trie = new TopicTrie<>();
        for (String f : filters) {
            trie.put(f, "c", f);
        }
        return trie;
    }

    @Test
    void plusMatchesExactlyOneLevel() {
        TopicTrie<String, String> trie = trieOf("a/+", "a/+/c", "+");
        assertThat(matching(trie, "a/b")).containsExactly("a/+");
        assertThat(matching(trie, "a/b/c")).containsExactly("a/+/c");
        assertThat(matching(trie, "a/b/d")).isEmpty();
        assertThat(matching(trie, "a")).containsExactly("+");
        assertThat(matching(trie, "x/y/z")).isEmpty();
    }

    @Test
    void hashMatchesParentAndEveryLevelBelow() {
        TopicTrie<String, String> trie = trieOf("a/#", "#", "a/b/#");
        assertThat(matching(trie, "a")).containsExactly("#", "a/#");
        assertThat(matching(trie, "a/b")).containsExactly("#", "a/#", "a/b/#");
        assertThat(matching(trie, "a/b/c/d")).containsExactly("#", "a/#", "a/b/#");
        assertThat(matching(trie, "ab")).containsExactly("#");
        assertThat(matching(trie, "b/a")).containsExactly("#");
    }

    @Test
    void plusAndHashCombine() {
        TopicTrie<String, String> trie = trieOf("+/#", "+/b/#", "+/+");
        assertThat(matching(trie, "a")).containsExactly("+/#");
        assertThat(matching(trie, "a/b")).containsExactly("+/#", "+/+", "+/b/#");
        assertThat(matching(trie, "a/c/d")).containsExactly("+/#");
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        TopicTrie<String, String> trie = trieOf("#", "+/x", "+/+", "$SYS/#", "$SYS/+", "a/+");
        assertThat(matching(trie, "$SYS/x")).containsExactly("$SYS/#", "$SYS/+");
        assertThat(matching(trie, "$other/x")).isEmpty();
        // the rule is about the first level only
        assertThat(matching(trie, "a/$b")).containsExactly("#", "+/+", "a/+");
    }

    @Test
    void emptyLevelsAreLevels() {
        TopicTrie<String, String> trie = trieOf("a//b", "a/+/b", "+/a", "/#", "a/b");
        assertThat(matching(trie, "a//b")).containsExactly("a/+/b", "a//b");
        assertThat(matching(trie, "/a")).containsExactly("+/a", "/#");
        assertThat(matching(trie, "a/b")).containsExactly("a/b");
        assertThat(matching(trie, "/")).containsExactly("/#");
    }

    @Test
    void exactFilterMatchesOnlyItsTopic() {
        TopicTrie<String, String> trie = trieOf("a/b/c");
        assertThat(matching(trie, "a/b/c")).containsExactly("a/b/c");
        assertThat(matching(trie, "a/b")).isEmpty();
        assertThat(matching(trie, "a/b/c/d")).isEmpty();
        assertThat(matching(trie, "A/b/c")).isEmpty();
    }

    @Test
    void putReplacesPerKeyAndRemoveReturnsTheValue() {
        TopicTrie<String, Integer> trie = new TopicTrie<>();
        assertThat(trie.put("a/+", "c1", 1)).isNull();
        assertThat(trie.put("a/+", "c2", 2)).isNull();
        assertThat(trie.put("a/+", "c1", 10)).isEqualTo(1);
        assertThat(trie.size()).isEqualTo(2);
        assertThat(trie.get("a/+", "c1")).isEqualTo(10);
        assertThat(trie.get("a/+", "c3")).isNull();
        assertThat(trie.get("a", "c1")).isNull();

        List<String> hits = new ArrayList<>();
        trie.match("a/x", (k, v) -> hits.add(k + "=" + v));
        assertThat(hits).containsExactlyInAnyOrder("c1=10", "c2=2");

        assertThat(trie.remove("a/+", "c1")).isEqualTo(10);
        assertThat(trie.remove("a/+", "c1")).isNull();
        assertThat(trie.remove("a/b/c", "c2")).isNull();
        assertThat(trie.size()).isEqualTo(1);
        hits.clear();
        trie.match("a/x", (k, v) -> hits.add(k + "=" + v));
        assertThat(hits).containsExactly("c2=2");
    }

    @Test
    void removingTheLastSubscriptionPrunesEmptiedNodes() {
        TopicTrie<String, String> trie = new TopicTrie<>();
        trie.put("a/b/c/d", "c1", "x");
        trie.put("a/b", "c1", "y");
        assertThat(trie.nodeCount()).isEqualTo(4);
        trie.remove("a/b/c/d", "c1");
        // c and d are gone, a/b still holds a subscription
        assertThat(trie.nodeCount()).isEqualTo(2);
        trie.remove("a/b", "c1");
        assertThat(trie.nodeCount()).isZero();
        assertThat(trie.size()).isZero();
        assertThat(matching(trieOf(), "a/b")).isEmpty();
    }

    @Test
    void trieAgreesWithTopicsMatchesOnRandomFiltersAndTopics() {
        Random random = new Random(42);
        String[] levelAlphabet = {"a", "b", "", "$s"};
        List<String> filters = new ArrayList<>();
        TopicTrie<String, String> trie = new TopicTrie<>();
        for (int i = 0; i < 300; i++) {
            int depth = 1 + random.nextInt(4);
            StringBuilder f = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                if (d > 0) {
                    f.append('/');
                }
                int r = random.nextInt(7);
                if (r == 0 && d == depth - 1) {
                    f.append('#');
                } else if (r <= 2) {
                    f.append('+');
                } else {
                    f.append(levelAlphabet[random.nextInt(levelAlphabet.length)]);
                }
            }
            String filter = f.toString();
            if (filter.isEmpty()) {
                continue;
            }
            assertThat(Topics.isValidFilter(filter)).as(filter).isTrue();
            filters.add(filter);
            trie.put(filter, "c", filter);
        }
        for (int i = 0; i < 500; i++) {
            int depth = 1 + random.nextInt(5);
            StringBuilder t = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                if (d > 0) {
                    t.append('/');
                }
                t.append(levelAlphabet[random.nextInt(levelAlphabet.length)]);
            }
            String topic = t.toString();
            if (topic.isEmpty()) {
                continue;
            }
            Set<String> expected = new TreeSet<>();
            for (String f : filters) {
                if (Topics.matches(f, topic)) {
                    expected.add(f);
                }
            }
            assertThat(new TreeSet<>(matching(trie, topic))).as(topic).isEqualTo(expected);
        }
    }

    @Test
    void matchCostDoesNotGrowWithNonMatchingSubscriptions() {
        TopicTrie<String, String> trie = new TopicTrie<>();
        trie.put("sensors/room1/temp", "exact", "sensors/room1/temp");
        trie.put("sensors/+/temp", "plus", "sensors/+/temp");
        trie.put("sensors/#", "hash", "sensors/#");
        trie.put("#", "all", "#");
        String topic = "sensors/room1/temp";

        List<String> before = new ArrayList<>();
        int visitedBefore = trie.matchCountingNodes(topic, (k, v) -> before.add(v));
        assertThat(before).hasSize(4);

        for (int i = 0; i < 100_000; i++) {
            switch (i % 4) {
                case 0 -> trie.put("sensors/room" + (i + 2) + "/temp", "c" + i, "x");
                case 1 -> trie.put("sensors/+/humidity" + i, "c" + i, "x");
                case 2 -> trie.put("device" + i + "/#", "c" + i, "x");
                default -> trie.put("sensors/room1/temp/" + i, "c" + i, "x");
            }
        }
        assertThat(trie.size()).isEqualTo(100_004);

        List<String> after = new ArrayList<>();
        int visitedAfter = trie.matchCountingNodes(topic, (k, v) -> after.add(v));
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        assertThat(visitedAfter).isEqualTo(visitedBefore);
    }

    @Test
    void matchCostFollowsTopicDepth() {
        TopicTrie<String, String> trie = new TopicTrie<>();
        for (int i = 0; i < 1000; i++) {
            trie.put("x" + i + "/y", "c", "x");
        }
        trie.put("a/b/c/d/e/f", "c", "deep");
        int shallow = trie.matchCountingNodes("a", (k, v) -> { });
        int deep = trie.matchCountingNodes("a/b/c/d/e/f", (k, v) -> { });
        assertThat(shallow).isEqualTo(2);
        assertThat(deep).isEqualTo(7);
    }

    /**
     * 100 000 levels: a recursive walk would overflow the stack long before. Put, match through
     * exact, '+' and '#' branches, count and prune all work at that depth.
     */
    @Test
    void topicsOfAHundredThousandLevelsDoNotOverflowTheStack() {
        String topic = "l" + "/l".repeat(99_999);
        String plus = "+" + "/+".repeat(99_999);
        String hash = "l" + "/l".repeat(49_999) + "/#";
        TopicTrie<String, String> trie = new TopicTrie<>();
        trie.put(topic, "c", "exact");
        trie.put(plus, "c", "plus");
        trie.put(hash, "c", "hash");
        assertThat(matching(trie, topic)).containsExactly("exact", "hash", "plus");
        assertThat(trie.nodeCount()).as("the '#' filter shares the topic's first levels").isEqualTo(200_001);
        trie.remove(topic, "c");
        trie.remove(plus, "c");
        trie.remove(hash, "c");
        assertThat(trie.nodeCount()).isZero();
    }
}
