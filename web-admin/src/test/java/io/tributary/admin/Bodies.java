package io.tributary.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies built in code; every level is mutable so a test can change one field. */
public final class Bodies {
    public static final String SECRET = "s3cr3t-value";
    public static final String MAP_SECRET = "map-s3cr3t";

    private Bodies() {
    }

    /** A valid integration of the test type with a secret field and a secret map key. */
    public static Map<String, Object> integration(String name) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("sasl.password", MAP_SECRET);
        properties.put("acks", "all");
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("bootstrapServers", "localhost:9092");
        client.put("password", SECRET);
        client.put("properties", properties);
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("topicFilters", new ArrayList<>(List.of("sensors/#")));
        configuration.put("clientConfiguration", client);
        configuration.put("metadata", new LinkedHashMap<>(Map.of("site", "north")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", TestPlugin.TYPE);
        body.put("configuration", configuration);
        body.put("additionalInfo", new LinkedHashMap<>(Map.of("description", "to nowhere")));
        return body;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> configuration(Map<String, Object> body) {
        return (Map<String, Object>) body.get("configuration");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> client(Map<String, Object> body) {
        return (Map<String, Object>) configuration(body).get("clientConfiguration");
    }
}
