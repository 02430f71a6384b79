package io.tributary.plugin.api.config;

import java.util.Objects;

/**
 * A titled section of the configuration form.
 *
 * @param id        referenced by {@link Field#group()}
 * @param title     section title
 * @param advanced  collapsed by default in the form
 * @since 0.1
 */
public record Group(String id, String title, boolean advanced) {
    public Group {
        Objects.requireNonNull(id, "id");
        title = title == null ? id : title;
    }
}
