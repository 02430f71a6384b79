package io.tributary.admin.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Renders the JTE templates of {@code src/main/jte}, compiled to Java at build time
 * (jte-maven-plugin), so a template error is a build error and nothing compiles at run time.
 * Output is HTML-escaped by default.
 */
public final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), "gg.jte.generated.precompiled");

    /** The template {@code name} (e.g. {@code "plugins/list.jte"}) rendered with {@code params}. */
    public String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(name, params, out);
        return out.toString();
    }

    /** Answers the request with the rendered template as HTML. */
    public void html(Context ctx, String name, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(name, params));
    }
}
