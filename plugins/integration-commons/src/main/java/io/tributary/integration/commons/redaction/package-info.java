/**
 * Keeping secrets out of what operators see and what is logged: {@link
 * io.tributary.integration.commons.redaction.SecretKeyPatterns} says which setting names hold
 * secrets, a {@link io.tributary.integration.commons.redaction.Redactor} removes secret values,
 * URL credentials and secret query parameters from texts (error messages, check output, events).
 * Each plugin builds one from its own settings and its own key patterns.
 */
package io.tributary.integration.commons.redaction;
