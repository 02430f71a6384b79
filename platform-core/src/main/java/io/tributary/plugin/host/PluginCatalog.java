package io.tributary.plugin.host;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The integration types and plugins currently installed. */
public interface PluginCatalog {
    Optional<InstalledType> type(String typeId);

    List<InstalledType> types();

    List<InstalledPlugin> plugins();

    /** Called with the type id whenever a type appears or disappears (for drop-in plugins). */
    default void onTypesChanged(Consumer<String> listener) {
    }

    /** True when no loaded plugin provides the type but a plugin that an operator disabled did. */
    default boolean isTypeDisabled(String typeId) {
        return false;
    }
}
