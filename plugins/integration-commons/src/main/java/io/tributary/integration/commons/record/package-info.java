/**
 * What an integration sends for a message: the JSON record
 * ({@link io.tributary.integration.commons.record.JsonRecordEncoder}) or the raw payload, chosen by
 * {@link io.tributary.integration.commons.record.ValueEncoder#of}.
 */
package io.tributary.integration.commons.record;
