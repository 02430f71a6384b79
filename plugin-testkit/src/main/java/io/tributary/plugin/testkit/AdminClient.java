package io.tributary.plugin.testkit;

import io.tributary.admin.auth.AdminSessions;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The admin REST API of a {@link TestPlatform}, as the admin user. JSON comes back as plain Java
 * values (maps, lists, strings, numbers, booleans).
 *
 * <pre>{@code
 * String id = admin.createIntegration("log", "LOG", List.of("tbmq/#"), Map.of("payloadLimit", 64));
 * admin.awaitStatus(id, "ACTIVE", Duration.ofSeconds(10));
 * ... publish ...
 * admin.awaitStatistic(id, "succeeded", 3, Duration.ofSeconds(10));
 * }</pre>
 */
public final class AdminClient {
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final String user;
    private final String password;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A response of the API.
     *
     * @param status HTTP status
     * @param body   response body (JSON text)
     */
    public record Response(int status, String body) {
        /** The body parsed as JSON. */
        public Object json() {
            return body == null || body.isBlank() ? null : JSON.readValue(body, Object.class);
        }
    }

    AdminClient(URI base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A client for the admin of a platform started without {@link TestPlatform}.
     *
     * @param base the admin's root, e.g. {@code http://127.0.0.1:51234}
     */
    public static AdminClient of(URI base, String user, String password) {
        return new AdminClient(base, user, password);
    }

    /** The API root, e.g. {@code http://127.0.0.1:51234}. */
    public URI uri() {
        return base;
    }

    /** Any call: {@code method} on {@code path} (e.g. {@code /api/plugins}) with an optional JSON body. */
    public Response request(String method, String path, Object jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = jsonBody instanceof String s ? s : JSON.writeValueAsString(jsonBody);
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }

    /** Creates an enabled integration; fails with the API's errors unless it answers 201. Returns its id. */
    public String createIntegration(String name, String type, List<String> topicFilters,
                                    Map<String, ?> clientConfiguration) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("topicFilters", topicFilters);
        configuration.put("clientConfiguration", clientConfiguration);
        configuration.put("metadata", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("enabled", true);
        body.put("configuration", configuration);
        Response r = request("POST", "/api/integrations", body);
        if (r.status() != 201) {
            throw new AssertionError("Creating integration '" + name + "' answered " + r.status() + ": " + r.body());
        }
        return (String) object(r).get("id");
    }

    /** The integration as the API shows it (secrets masked), with {@code status} and {@code statistics}. */
    public Map<String, Object> integration(String id) {
        return object(ok("GET", "/api/integrations/" + id));
    }

    /** {@code DISABLED}, {@code PENDING}, {@code ACTIVE} or {@code FAILED}. */
    public String status(String id) {
        return (String) map(integration(id).get("status")).get("status");
    }

    /** Counters: matched, succeeded, failed, dropped, queued, inFlight... */
    public Map<String, Object> statistics(String id) {
        return map(integration(id).get("statistics"));
    }

    /** One counter of {@link #statistics}; 0 when absent. */
    public long statistic(String id, String name) {
        return statistics(id).get(name) instanceof Number n ? n.longValue() : 0;
    }

    /** Events newest first; {@code type} LIFECYCLE, STATISTICS, ERROR or {@code null} for all. */
    public List<Map<String, Object>> events(String id, String type, int limit) {
        String query = "?limit=" + limit + (type == null ? "" : "&type=" + type);
        Object data = object(ok("GET", "/api/integrations/" + id + "/events" + query)).get("data");
        return ((List<?>) data).stream().map(AdminClient::map).toList();
    }

    /** Installed integration types with their JSON Schema. */
    public List<Map<String, Object>> integrationTypes() {
        Object json = ok("GET", "/api/integration-types", null).json();
        return ((List<?>) json).stream().map(AdminClient::map).toList();
    }

    /** Waits until the integration has {@code status}; fails with its last status and reason. */
    public void awaitStatus(String id, String status, Duration within) {
        try {
            await().pollInSameThread().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> status.equals(status(id)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Integration " + id + " did not become " + status + " within " + within.toMillis()
                    + " ms; it is " + integration(id).get("status") + "; errors: " + events(id, "ERROR", 5));
        }
    }

    /** Waits until counter {@code name} reaches at least {@code atLeast}. */
    public void awaitStatistic(String id, String name, long atLeast, Duration within) {
        try {
            await().pollInSameThread().atMost(within).pollInterval(Duration.ofMillis(100))
                    .until(() -> statistic(id, name) >= atLeast);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Integration " + id + ": " + name + " did not reach " + atLeast + " within "
                    + within.toMillis() + " ms; statistics " + statistics(id) + "; errors: " + events(id, "ERROR", 5));
        }
    }

    private Response ok(String method, String path) {
        return ok(method, path, null);
    }

    /**
     * Logs in to the admin UI as a browser does (the login form with its CSRF token and cookie)
     * and returns the session cookie, {@code name=value}, for {@link #page}.
     */
    public String browserSession() {
        HttpResponse<String> form = send(HttpRequest.newBuilder(base.resolve("/login")).GET().build());
        String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow(
                () -> new AssertionError("GET /login set no cookie")).split(";")[0];
        Matcher csrf = CSRF.matcher(form.body());
        if (!csrf.find()) {
            throw new AssertionError("GET /login has no CSRF token: " + form.body());
        }
        String body = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", formCookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 303) {
            throw new AssertionError("POST /login answered " + r.statusCode() + ": " + r.body());
        }
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(AdminSessions.COOKIE + "="))
                .findFirst().orElseThrow(() -> new AssertionError("POST /login set no session cookie"))
                .split(";")[0];
    }

    /** An admin UI page as the browser of {@code session} gets it; fails unless it answers 200. Returns the HTML. */
    public String page(String path, String session) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve(path)).header("Cookie", session).GET()
                .build());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private Response ok(String method, String path, Object body) {
        Response r = request(method, path, body);
        if (r.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + r.status() + ": " + r.body());
        }
        return r;
    }

    private static Map<String, Object> object(Response r) {
        return map(r.json());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return json instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
