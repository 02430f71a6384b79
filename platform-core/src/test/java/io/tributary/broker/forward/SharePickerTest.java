package io.tributary.broker.forward;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which node serves a share group for each message. */
class SharePickerTest {

    @Test
    void eachGroupRotatesOverItsNodesInNodeIdOrderWhateverOrderTheyComeIn() {
        SharePicker picker = new SharePicker();
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(picker.pick("$share/g/plant/#", i % 2 == 0 ? List.of("node-c", "node-a", "node-b")
                    : List.of("node-b", "node-c", "node-a")));
        }
        assertThat(picked).containsExactly("node-a", "node-b", "node-c", "node-a", "node-b", "node-c");
    }

    @Test
    void groupsRotateIndependently() {
        SharePicker picker = new SharePicker();
        assertThat(picker.pick("$share/g/x", List.of("a", "b"))).isEqualTo("a");
        assertThat(picker.pick("$share/h/x", List.of("a", "b"))).isEqualTo("a");
        assertThat(picker.pick("$share/g/x", List.of("a", "b"))).isEqualTo("b");
        assertThat(picker.pick("$share/g/plant/#", List.of("a", "b"))).as("same group name, other filter")
                .isEqualTo("a");
    }

    @Test
    void aNodeAloneGetsEveryMessageAndManyMessagesSpreadEvenly() {
        SharePicker picker = new SharePicker();
        for (int i = 0; i < 5; i++) {
            assertThat(picker.pick("$share/g/x", List.of("only"))).isEqualTo("only");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(picker.pick("$share/g/x", Set.of("a", "b", "c")), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("a", "b", "c");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isEqualTo(100));
    }

    @Test
    void forgettingAGroupRestartsItsRotation() {
        SharePicker picker = new SharePicker();
        assertThat(picker.pick("$share/g/x", List.of("a", "b"))).isEqualTo("a");
        picker.keepOnly(Set.of("$share/other/x"));
        assertThat(picker.pick("$share/g/x", List.of("a", "b"))).isEqualTo("a");
        picker.keepOnly(Set.of("$share/g/x"));
        assertThat(picker.pick("$share/g/x", List.of("a", "b"))).isEqualTo("b");
    }
}
