package io.tributary.admin.auth;

import io.tributary.admin.AdminFixture;
import io.tributary.admin.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest {
    @TempDir
    static Path dir;
    static AdminFixture admin;

    @BeforeAll
    static void start() {
        admin = AdminFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    private static void assertUnauthorized(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(r.json().get("message").asString()).isNotBlank();
    }

    @Test
    void everyApiRouteRequiresTheAdminCredentials() {
        Api anonymous = admin.api.as(null, null);
        String id = "00000000-0000-0000-0000-000000000000";
        List<String> gets = List.of("/api/integration-types", "/api/plugins", "/api/integrations",
                "/api/integrations/" + id, "/api/integrations/" + id + "/events", "/api/not-a-route");
        gets.forEach(path -> assertUnauthorized(anonymous.get(path)));
        assertUnauthorized(anonymous.post("/api/integrations", "{}"));
        assertUnauthorized(anonymous.put("/api/integrations/" + id, "{}"));
        assertUnauthorized(anonymous.delete("/api/integrations/" + id));
        for (String action : List.of("enable", "disable", "restart")) {
            assertUnauthorized(anonymous.post("/api/integrations/" + id + "/" + action, "{}"));
        }
    }

    @Test
    void wrongUserWrongPasswordOrGarbledHeaderIsRejected() {
        assertUnauthorized(admin.api.as("admin", "wrong").get("/api/integrations"));
        assertUnauthorized(admin.api.as("root", AdminFixture.PASSWORD).get("/api/integrations"));
        assertUnauthorized(admin.api.withAuthorization("Basic !!!not-base64").get("/api/integrations"));
        assertUnauthorized(admin.api.withAuthorization("Bearer abc").get("/api/integrations"));
    }

    @Test
    void theAdminGetsIn() {
        assertThat(admin.api.get("/api/integrations").status()).isEqualTo(200);
    }

    @Test
    void unknownRouteIs404WithAMessageOnceAuthenticated() {
        Api.Response r = admin.api.get("/api/not-a-route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asString()).isNotBlank();
    }
}
