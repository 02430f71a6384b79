/**
 * The contract between the Tributary platform and integration plugins.
 *
 * @since 0.1
 */
package io.tributary.plugin.api;
