package io.tributary.platform;

import io.tributary.cluster.NodeRole;
import io.tributary.config.ConfigException;
import io.tributary.plugin.api.cluster.SharedLogProvider;
import io.tributary.plugin.api.cluster.SharedLogs;
import io.tributary.plugin.api.config.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which shared log a node's {@code cluster.*} settings choose, and the errors an operator sees.
 * The provider here only checks its keys (the real one is a plugin, tested in its module).
 */
class ClusterSetupTest {
    private static final EnumSet<NodeRole> BOTH = EnumSet.allOf(NodeRole.class);

    /** Owns {@code cluster.test.*}; knows one key; never opened by these tests. */
    private static final class KeyCheckingProvider implements SharedLogProvider {
        final List<Map<String, String>> validated = new ArrayList<>();

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String settingsPrefix() {
            return "cluster.test.";
        }

        @Override
        public List<FieldError> validate(Map<String, String> settings) {
            validated.add(settings);
            return settings.keySet().stream().filter(k -> !k.equals("cluster.test.servers"))
                    .map(k -> new FieldError(k, "unknown key")).toList();
        }

        @Override
        public SharedLogs open(Map<String, String> settings) {
            throw new UnsupportedOperationException("not opened here");
        }
    }

    @Test
    void noSettingsIsASingleProcessAsBefore() {
        KeyCheckingProvider p = new KeyCheckingProvider();
        assertThat(ClusterSetup.open(Map.of(), BOTH, List.of(p))).isEmpty();
        assertThat(p.validated).isEmpty();
    }

    @Test
    void oneRoleAloneNeedsTheClusterSettings() {
        assertThatThrownBy(() -> ClusterSetup.open(Map.of(), EnumSet.of(NodeRole.BROKER), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node.roles=broker needs a cluster");
    }

    @Test
    void aKeyNoProviderOwnsIsNamed() {
        assertThatThrownBy(() -> ClusterSetup.open(Map.of("cluster.other.servers", "x"), BOTH,
                List.of(new KeyCheckingProvider())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cluster.other.servers'")
                .hasMessageContaining("test (cluster.test.*)");
        assertThatThrownBy(() -> ClusterSetup.open(Map.of("cluster.test.servers", "x"), BOTH, List.of()))
                .hasMessageContaining("none loaded");
    }

    @Test
    void theProvidersErrorsNameTheirKeys() {
        KeyCheckingProvider p = new KeyCheckingProvider();
        assertThatThrownBy(() -> ClusterSetup.open(Map.of("cluster.test.servers", "x", "cluster.test.sever", "y"),
                BOTH, List.of(p)))
                .isInstanceOf(ConfigException.class).hasMessage("cluster.test.sever unknown key");
        assertThat(p.validated).hasSize(1);
    }
}
