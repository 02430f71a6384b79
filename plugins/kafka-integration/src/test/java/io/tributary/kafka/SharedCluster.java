package io.tributary.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link TestCluster} parameter with one cluster (security listeners included) shared
 * by every test class of the run, closed when the run ends. Tests use their own topics.
 */
public final class SharedCluster implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.computeIfAbsent(TestCluster.class, k -> {
            try {
                return TestCluster.withSecurity();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the in-process Kafka cluster", e);
            }
        }, TestCluster.class);
    }
}
