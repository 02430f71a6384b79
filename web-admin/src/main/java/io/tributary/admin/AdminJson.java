package io.tributary.admin;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The API's JSON: one mapper for requests and responses, and safe parsing of request bodies. */
public final class AdminJson {
    /** Whole numbers read as {@link Long}; properties written in declaration order. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private AdminJson() {
    }

    /**
     * The request body as a JSON object.
     *
     * @throws BadRequestException when it is empty, malformed or not an object; the message
     *                             gives the position only, never the body (it may hold secrets)
     */
    public static JsonNode bodyObject(Context ctx) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            throw new BadRequestException("request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new BadRequestException(at == null ? "malformed JSON"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("request body must be a JSON object");
        }
        return node;
    }
}
