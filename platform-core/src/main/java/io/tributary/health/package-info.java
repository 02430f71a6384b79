/**
 * Liveness and readiness for process supervisors and orchestrators (systemd, Kubernetes):
 * {@code GET /health/live} and {@code GET /health/ready}, served by the admin and the metrics port.
 */
package io.tributary.health;
