package io.tributary.integration.commons.template;

import io.tributary.integration.commons.record.RecordContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One configured header (a Kafka header, an HTTP request header): a fixed name and a value
 * template, bound to the integration.
 *
 * @param name  header name
 * @param value bound value template
 */
public record HeaderTemplate(String name, Template value) {

    /**
     * The headers of a map field ({@code name -> value template}), in the map's order, bound to
     * the integration.
     *
     * @param field the field's name, for the error message
     * @throws IllegalArgumentException when a value does not parse ({@code field.NAME: reason})
     */
    public static List<HeaderTemplate> bindAll(String field, Map<String, String> headers, RecordContext context) {
        List<HeaderTemplate> out = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> h : headers.entrySet()) {
            out.add(new HeaderTemplate(h.getKey(), TemplateFields.bound(field + "." + h.getKey(), h.getValue(), context)));
        }
        return List.copyOf(out);
    }

    /** The header's value for the message of {@code values}. */
    public String render(MessageValues values) {
        return values.render(value);
    }
}
