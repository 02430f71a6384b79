package io.tributary.http.request;

import io.tributary.http.config.AuthType;
import io.tributary.http.config.HttpSettings;
import io.tributary.integration.commons.record.RecordContext;
import io.tributary.integration.commons.record.UnsendableMessageException;
import io.tributary.integration.commons.record.ValueEncoder;
import io.tributary.integration.commons.template.HeaderTemplate;
import io.tributary.integration.commons.template.MessageValues;
import io.tributary.integration.commons.template.PayloadReader;
import io.tributary.integration.commons.template.RenderException;
import io.tributary.integration.commons.template.Template;
import io.tributary.plugin.api.message.IntegrationMessage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.http.config.HttpConfigSchema.HEADERS;
import static io.tributary.http.config.HttpConfigSchema.URL;
import static io.tributary.integration.commons.template.TemplateFields.bound;

/**
 * Builds the request for an MQTT message: URL from its template (message values
 * percent-encoded), method, headers (Content-Type, Authorization, then the configured ones, whose
 * values are templates), and the body (the JSON record or the raw payload). Templates are parsed
 * once, and a JSON payload at most once per request, however many templates read it; thread-safe.
 */
public final class RequestFactory {
    public static final String JSON = "application/json";
    public static final String OCTET_STREAM = "application/octet-stream";

    private final String method;
    private final Template url;
    /** The URL when it does not depend on the message, checked once. */
    private final URI fixedUri;
    private final List<Header> fixedHeaders;
    private final List<HeaderTemplate> headers;
    private final ValueEncoder body;
    private final Map<String, String> query;
    /** The payload fields the URL and header templates read. */
    private final PayloadReader payload;

    private RequestFactory(String method, Template url, List<Header> fixedHeaders, List<HeaderTemplate> headers,
                           ValueEncoder body, Map<String, String> query) {
        this.method = method;
        this.url = url;
        this.query = query;
        this.fixedUri = url.isConstant() ? uri(url.render(null)) : null;
        this.fixedHeaders = List.copyOf(fixedHeaders);
        this.headers = List.copyOf(headers);
        this.body = body;
        List<Template> all = new ArrayList<>(List.of(url));
        this.headers.forEach(h -> all.add(h.value()));
        this.payload = PayloadReader.of(all);
    }

    /**
     * @throws IllegalArgumentException when a template does not parse (the message starts with
     *                                  the field's name)
     */
    public static RequestFactory create(HttpSettings settings, RecordContext context) {
        Template url = bound(URL, settings.url(), escaped(context));
        if (url.isConstant()) {
            EndpointUrls.problem(url.render(null)).ifPresent(p -> {
                throw new IllegalArgumentException(URL + ": " + p);
            });
        }
        List<HeaderTemplate> configured = HeaderTemplate.bindAll(HEADERS, settings.headers(), context);
        // a Content-Type in the headers map wins over the field
        boolean contentTypeConfigured = settings.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Content-Type"));
        ValueEncoder body = ValueEncoder.of(settings.sendOnlyMsgPayload(), context);
        List<Header> fixed = new ArrayList<>();
        if (!contentTypeConfigured) {
            fixed.add(new Header("Content-Type", contentType(settings, body)));
        }
        String authorization = authorization(settings);
        if (authorization != null) {
            fixed.add(new Header("Authorization", authorization));
        }
        return new RequestFactory(settings.method(), url, fixed, configured, body, settings.queryParameters());
    }

    private static String contentType(HttpSettings settings, ValueEncoder body) {
        if (!settings.contentType().isEmpty()) {
            return settings.contentType();
        }
        return body.isJson() ? JSON : OCTET_STREAM;
    }

    /** The Authorization header value for the settings' credentials, or {@code null} for none. */
    static String authorization(HttpSettings settings) {
        if (settings.authType() == AuthType.BASIC) {
            String pair = settings.username() + ":" + settings.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        if (settings.authType() == AuthType.BEARER) {
            return "Bearer " + settings.token();
        }
        return null;
    }

    /** Integration values go into the URL as literals when bound: escape them first. */
    private static RecordContext escaped(RecordContext context) {
        Map<String, String> metadata = new LinkedHashMap<>();
        context.metadata().forEach((k, v) -> metadata.put(k, EndpointUrls.escape(v)));
        return new RecordContext(EndpointUrls.escape(context.integrationName()), metadata, context.executorNodeId());
    }

    /**
     * The request for {@code message}.
     *
     * @throws UnsendableMessageException when the URL expands to an invalid URL, or a template
     *                                     reads a value the message lacks or a payload that is
     *                                     not JSON
     */
    public OutgoingRequest build(IntegrationMessage message) {
        MessageValues values = payload.values(message);
        URI uri = fixedUri != null ? fixedUri : uri(render(URL, url, values));
        List<Header> out = new ArrayList<>(fixedHeaders.size() + headers.size());
        out.addAll(fixedHeaders);
        for (HeaderTemplate h : headers) {
            out.add(new Header(h.name(), render("header '" + h.name() + "'", h.value(), values)));
        }
        return new OutgoingRequest(method, uri, out, body.encode(message));
    }

    /** Values inserted into the URL are percent-encoded, header values inserted as they are. */
    private static String render(String field, Template template, MessageValues values) {
        try {
            return field.equals(URL)
                    ? values.render(template, EndpointUrls::escape) : values.render(template);
        } catch (RenderException e) {
            throw new UnsendableMessageException(field + " '" + template.source() + "': " + e.getMessage());
        }
    }

    private URI uri(String expanded) {
        try {
            URI uri = new URI(expanded);
            // message values are escaped, so mostly a template checked at save time; but e.g. an
            // empty ${topicLevel[0]} as the host still makes it invalid
            EndpointUrls.problem(uri).ifPresent(p -> {
                throw new UnsendableMessageException("URL '" + expanded + "' from template '" + url.source() + "' " + p);
            });
            // appended after the checks, so no error text carries the (maybe secret) parameters
            return EndpointUrls.withQuery(uri, query);
        } catch (URISyntaxException e) {
            throw new UnsendableMessageException("URL '" + expanded + "' from template '" + url.source()
                    + "' is invalid: " + e.getReason());
        }
    }

    /** True when bodies are the JSON record, false for the raw payload. */
    public boolean jsonBodies() {
        return body.isJson();
    }
}
