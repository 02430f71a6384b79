package io.tributary.admin.ui;

/**
 * What the page layout needs besides the page's own content.
 *
 * @param title     page title (also the browser tab's, followed by "· Tributary")
 * @param nav       the navigation entry to mark current: dashboard, integrations, websocket, plugins, mqtt, cluster, account, or none
 * @param csrfToken the session's CSRF token, sent by every form and htmx request; {@code null} when logged out
 * @param username  the logged-in admin, or {@code null}
 * @param notice    a one-time notice to show ("Integration created"), or {@code null}
 */
public record Chrome(String title, String nav, String csrfToken, String username, String notice) {
    /** {@code {"X-CSRF-Token": "..."}} for htmx's {@code hx-headers}. */
    public String htmxHeaders() {
        return "{\"X-CSRF-Token\": \"" + (csrfToken == null ? "" : csrfToken) + "\"}";
    }

    public boolean loggedIn() {
        return csrfToken != null;
    }

    /** {@code "page"} for the current navigation entry (aria-current), else {@code null}. */
    public String current(String entry) {
        return entry.equals(nav) ? "page" : null;
    }
}
