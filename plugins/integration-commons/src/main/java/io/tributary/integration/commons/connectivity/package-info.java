/** Connectivity status reported only when it changes, for every bundled plugin. */
package io.tributary.integration.commons.connectivity;
