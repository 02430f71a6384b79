/**
 * Placeholders in integration settings ({@code ${topic}}, {@code ${clientId}}, {@code ${qos}},
 * {@code ${retain}}, {@code ${integrationName}}, {@code ${topicLevel[N]}},
 * {@code ${metadata.NAME}}): parsed once with {@link io.tributary.integration.commons.template.Template},
 * checked at save time with {@link io.tributary.integration.commons.template.TemplateFields}.
 */
package io.tributary.integration.commons.template;
