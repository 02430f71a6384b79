/**
 * Checks every admin request passes besides authentication: {@link io.tributary.admin.guard.RequestLimits}
 * (body size per route) and {@link io.tributary.admin.guard.CrossSiteGuard} (no cross-site
 * requests that change something, whatever credentials the browser would attach).
 */
package io.tributary.admin.guard;
