package dev.taskcast.server.http;

import static dev.taskcast.server.testing.JsonAssert.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskcast.server.testing.Response;
import dev.taskcast.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-task {@code authConfig} rules (http-api.md §2.6): enforced in jwt mode only, restrict never widen. */
class TaskAuthConfigHttpTest {
    static final String EVENT = "{\"type\":\"x\",\"level\":\"info\"}";

    static TestServer jwt;
    static TestServer open;
    static TestServer.Caller admin;

    @BeforeAll
    static void start() {
        jwt = TestServer.start(TestServer.jwtConfig());
        open = TestServer.start();
        admin = jwt.as(jwt.token("{\"sub\":\"admin\",\"scope\":[\"*\"]}"));
        // publishing restricted to the subjects alice and carol
        admin.createTask("{\"id\":\"ac-sub\",\"authConfig\":{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},"
                + "\"require\":{\"sub\":[\"alice\",\"carol\"]}}]}}");
        // every scope needs the claim tenant=acme and org={"id":1}
        admin.createTask("{\"id\":\"ac-claims\",\"authConfig\":{\"rules\":[{\"match\":{\"scope\":[\"*\"]},"
                + "\"require\":{\"claims\":{\"tenant\":\"acme\",\"org\":{\"id\":1}}}}]}}");
        // two rules for the same scope: both must hold
        admin.createTask("{\"id\":\"ac-two\",\"authConfig\":{\"rules\":["
                + "{\"match\":{\"scope\":[\"event:subscribe\",\"event:history\"]},\"require\":{\"sub\":[\"alice\"]}},"
                + "{\"match\":{\"scope\":[\"event:subscribe\"]},\"require\":{\"claims\":{\"level\":3}}}]}}");
    }

    @AfterAll
    static void stop() {
        jwt.close();
        open.close();
    }

    static TestServer.Caller caller(String claims) {
        return jwt.as(jwt.token(claims));
    }

    @Test
    @DisplayName("§2.6 require.sub: the token's sub must be listed for matching scopes")
    void requireSub() {
        assertEquals(201, caller("{\"sub\":\"alice\",\"scope\":[\"*\"]}").post("/tasks/ac-sub/events", EVENT).status());
        assertEquals(201, caller("{\"sub\":\"carol\",\"scope\":[\"event:publish\"]}")
                .post("/tasks/ac-sub/events", EVENT).status());
        assertError(403, "Forbidden", caller("{\"sub\":\"bob\",\"scope\":[\"*\"]}").post("/tasks/ac-sub/events", EVENT));
        assertError(403, "Forbidden", caller("{\"scope\":[\"*\"]}").post("/tasks/ac-sub/events", EVENT));
        assertError(403, "Forbidden", caller("{\"sub\":\"ALICE\",\"scope\":[\"*\"]}").post("/tasks/ac-sub/events", EVENT));
        assertEquals(2, admin.history("ac-sub", null).size(), "only the two allowed publishes");
    }

    @Test
    @DisplayName("§2.6 rules only apply to their match.scope: other endpoints of the task are unaffected")
    void nonMatchingScopeUnaffected() {
        TestServer.Caller bob = caller("{\"sub\":\"bob\",\"scope\":[\"*\"]}");
        assertEquals(200, bob.get("/tasks/ac-sub").status());
        assertEquals(200, bob.get("/tasks/ac-sub/events/history").status());
    }

    @Test
    @DisplayName("§2.6 require.claims: JSON equality of each claim; match.scope '*' covers every endpoint")
    void requireClaims() {
        TestServer.Caller good = caller("{\"scope\":[\"*\"],\"tenant\":\"acme\",\"org\":{\"id\":1}}");
        TestServer.Caller floatId = caller("{\"scope\":[\"*\"],\"tenant\":\"acme\",\"org\":{\"id\":1.0}}");
        assertEquals(200, good.get("/tasks/ac-claims").status());
        assertEquals(200, floatId.get("/tasks/ac-claims").status(), "1 and 1.0 are equal JSON numbers");
        assertEquals(200, good.get("/tasks/ac-claims/events/history").status());
        assertEquals(201, good.post("/tasks/ac-claims/events", EVENT).status());
        String[] denied = {
                "{\"scope\":[\"*\"],\"tenant\":\"acme\"}",
                "{\"scope\":[\"*\"],\"tenant\":\"other\",\"org\":{\"id\":1}}",
                "{\"scope\":[\"*\"],\"tenant\":\"acme\",\"org\":{\"id\":\"1\"}}",
                "{\"scope\":[\"*\"],\"tenant\":\"acme\",\"org\":{\"id\":1,\"x\":2}}",
                "{\"scope\":[\"*\"],\"tenant\":[\"acme\"],\"org\":{\"id\":1}}",
                "{\"scope\":[\"*\"]}",
        };
        for (String claims : denied) {
            TestServer.Caller c = caller(claims);
            assertError(403, "Forbidden", c.get("/tasks/ac-claims"));
            assertError(403, "Forbidden", c.get("/tasks/ac-claims/events/history"));
            assertError(403, "Forbidden", c.get("/tasks/ac-claims/events"));
            assertError(403, "Forbidden", c.post("/tasks/ac-claims/events", EVENT));
            assertError(403, "Forbidden", c.patch("/tasks/ac-claims/status", "{\"status\":\"cancelled\"}"));
        }
        assertEquals("pending", good.get("/tasks/ac-claims").json().get("status").asText());
    }

    @Test
    @DisplayName("§2.6 every matching rule must hold")
    void allMatchingRules() {
        assertEquals(200, caller("{\"sub\":\"alice\",\"level\":3,\"scope\":[\"*\"]}").get("/tasks/ac-two").status());
        assertError(403, "Forbidden", caller("{\"sub\":\"alice\",\"scope\":[\"*\"]}").get("/tasks/ac-two"));
        assertError(403, "Forbidden", caller("{\"sub\":\"bob\",\"level\":3,\"scope\":[\"*\"]}").get("/tasks/ac-two"));
        // history matches only the first rule
        assertEquals(200, caller("{\"sub\":\"alice\",\"scope\":[\"*\"]}").get("/tasks/ac-two/events/history").status());
    }

    @Test
    @DisplayName("§2.6 rules never widen: a satisfied rule does not replace the global scope/taskIds check")
    void rulesNeverWiden() {
        assertError(403, "Forbidden", caller("{\"sub\":\"alice\",\"scope\":[\"event:subscribe\"]}")
                .post("/tasks/ac-sub/events", EVENT));
        assertError(403, "Forbidden", caller("{\"sub\":\"alice\",\"taskIds\":[\"x\"],\"scope\":[\"*\"]}")
                .post("/tasks/ac-sub/events", EVENT));
    }

    @Test
    @DisplayName("§2.6 authConfig is stored and echoed; a malformed one is a 400 in the JSON-request shape")
    void storedEchoedValidated() {
        Response got = admin.get("/tasks/ac-sub");
        assertEquals("alice", got.json().at("/authConfig/rules/0/require/sub/0").asText(), got::toString);
        for (String bad : new String[] {"{}", "{\"rules\":{}}", "{\"rules\":[{}]}",
                "{\"rules\":[{\"match\":{\"scope\":\"event:publish\"},\"require\":{}}]}",
                "{\"rules\":[{\"match\":{\"scope\":[]},\"require\":{\"sub\":\"alice\"}}]}"}) {
            Response r = admin.post("/tasks", "{\"authConfig\":" + bad + "}");
            assertEquals(400, r.status(), () -> bad + ": " + r);
            assertEquals(false, r.json().get("success").asBoolean(), r::toString);
            assertEquals("authConfig", r.json().at("/error/issues/0/path/0").asText(), r::toString);
        }
    }

    @Test
    @DisplayName("§2.6 none mode: authConfig is stored but not enforced")
    void noneModeNotEnforced() {
        open.createTask("{\"id\":\"ac-open\",\"authConfig\":{\"rules\":[{\"match\":{\"scope\":[\"*\"]},"
                + "\"require\":{\"sub\":[\"alice\"]}}]}}");
        assertEquals(201, open.post("/tasks/ac-open/events", EVENT).status());
        assertEquals(200, open.get("/tasks/ac-open").status());
        assertEquals(200, open.patch("/tasks/ac-open/status", "{\"status\":\"running\"}").status());
    }
}
