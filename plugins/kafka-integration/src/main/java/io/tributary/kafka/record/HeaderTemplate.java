package io.tributary.kafka.record;

import io.tributary.integration.commons.template.Template;

/**
 * One configured Kafka header: a fixed name and a value template.
 *
 * @param name  header key
 * @param value bound value template
 */
record HeaderTemplate(String name, Template value) {
}
