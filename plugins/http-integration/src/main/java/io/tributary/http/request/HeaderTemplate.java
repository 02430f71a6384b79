package io.tributary.http.request;

import io.tributary.integration.commons.template.Template;

/**
 * One configured header: a fixed name and a value template.
 *
 * @param name  header name
 * @param value bound value template
 */
record HeaderTemplate(String name, Template value) {
}
