package io.tributary.admin.ui.websocket;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tributary.admin.ui.Templates;
import io.tributary.admin.ui.Ui;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The WebSocket client ({@code /websocket}): connects the browser to the broker with mqtt.js over
 * MQTT/WebSocket, publishes and subscribes. The default URL is this page's host with the broker's
 * WebSocket port and path from the platform configuration.
 */
public final class WebSocketPage {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final int wsPort;
    private volatile int wssPort = -1;
    private final String wsPath;
    private final Templates templates;
    private final Ui ui;

    /**
     * @param wsPort the broker's MQTT-over-WebSocket port, or -1 when that listener is off
     * @param wsPath its HTTP path, e.g. {@code /mqtt}
     */
    public WebSocketPage(int wsPort, String wsPath, Templates templates, Ui ui) {
        this.wsPort = wsPort;
        this.wsPath = wsPath == null || wsPath.isBlank() ? "/mqtt" : wsPath;
        this.templates = templates;
        this.ui = ui;
    }

    /**
     * The broker's MQTT-over-secure-WebSocket port (-1: off): the default URL on pages served over
     * HTTPS, where browsers refuse a plain {@code ws://} connection.
     */
    public void secureWebSocketPort(int port) {
        this.wssPort = port;
    }

    public void register(RoutesConfig routes) {
        routes.get("/websocket", this::page);
    }

    private void page(Context ctx) {
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", ui.chrome(ctx, "WebSocket client", "websocket"));
        boolean secure = wssPort >= 0 && (wsPort < 0 || "https".equalsIgnoreCase(ctx.scheme()));
        model.put("url", secure ? "wss://" + host(ctx) + ":" + wssPort + wsPath
                : wsPort < 0 ? "" : "ws://" + host(ctx) + ":" + wsPort + wsPath);
        model.put("wsEnabled", wsPort >= 0 || wssPort >= 0);
        model.put("clientId", "tbmq_" + random(8));
        templates.html(ctx, "websocket/client.jte", model);
    }

    /** The host name the browser used to reach this page (without the admin port). */
    static String host(Context ctx) {
        String host = ctx.host();
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }

    private static String random(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
