package io.tributary.admin.ui.forms;

import java.util.List;

/**
 * A group of fields ({@code x-groups} in the schema): a fieldset, or a collapsed section when
 * {@code advanced}.
 */
public record FormGroup(String id, String title, boolean advanced, List<FormField> fields) {
    /** Element id of the group's fieldset or details. */
    public String elementId() {
        return "group-" + id;
    }
}
