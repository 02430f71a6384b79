package io.tributary.admin.ui;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.tributary.admin.auth.AccessFilter;
import io.tributary.admin.auth.AdminSessions;

/** Small helpers every page controller uses: the session, the layout data, redirects with a notice. */
public final class Ui {
    private final String username;

    public Ui(String username) {
        this.username = username;
    }

    /** The session the access filter found (every page route has one). */
    public static AdminSessions.Session session(Context ctx) {
        AdminSessions.Session s = ctx.attribute(AccessFilter.SESSION_ATTRIBUTE);
        if (s == null) {
            throw new UnauthorizedResponse("log in first");
        }
        return s;
    }

    /** Layout data for a page, taking the pending one-time notice. */
    public Chrome chrome(Context ctx, String title, String nav) {
        AdminSessions.Session s = session(ctx);
        return new Chrome(title, nav, s.csrfToken(), username, s.takeFlash());
    }

    /** Redirects (303, so the browser GETs) and shows {@code notice} on the next page. */
    public static void redirect(Context ctx, String location, String notice) {
        if (notice != null) {
            session(ctx).flash(notice);
        }
        if (ctx.header("HX-Request") != null) {
            ctx.header("HX-Redirect", location);
            ctx.status(204);
        } else {
            ctx.redirect(location, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }
}
