package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET_BYTES;
import static dev.taskcast.server.auth.JwtAlgorithmTest.withSecret;
import static dev.taskcast.server.auth.TestJwts.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims → principal (http-api.md §2.4, including the fix for the original's substring matching). */
class ClaimMappingTest {

    static Principal principal(String payload) {
        return assertInstanceOf(Principal.class,
                withSecret().authenticate("Bearer " + token("HS256", SECRET_BYTES, payload)), payload);
    }

    @Test
    void absentTaskIdsAdmitsAllTasks() {
        Principal p = principal("{\"scope\":[\"event:subscribe\"]}");
        assertTrue(p.taskIds().allTasks());
        assertTrue(Authorizer.allowed(p, Scope.EVENT_SUBSCRIBE, "any"));
    }

    @Test
    void wildcardTaskIdsAdmitsAllTasks() {
        assertTrue(principal("{\"taskIds\":\"*\"}").taskIds().allTasks());
    }

    /** The original's JavaScript {@code "abc".includes("b")} admitted task "b"; we must not. */
    @Test
    void stringTaskIdsIsOneExactId() {
        Principal p = principal("{\"taskIds\":\"abc\",\"scope\":[\"*\"]}");
        assertEquals(new TaskIds(false, Set.of("abc")), p.taskIds());
        assertTrue(Authorizer.allowed(p, Scope.TASK_MANAGE, "abc"));
        for (String other : new String[] {"b", "a", "ab", "bc", "abcd", ""}) {
            assertFalse(Authorizer.allowed(p, Scope.TASK_MANAGE, other), other);
            assertFalse(Authorizer.admitsTask(p, other), other);
        }
    }

    @Test
    void arrayTaskIdsKeepsItsStrings() {
        Principal p = principal("{\"taskIds\":[\"t1\",\"t2\",7,null,{\"id\":\"t3\"}],\"scope\":[\"*\"]}");
        assertEquals(Set.of("t1", "t2"), p.taskIds().ids());
        assertTrue(Authorizer.admitsTask(p, "t1"));
        assertFalse(Authorizer.admitsTask(p, "t3"));
        assertFalse(Authorizer.admitsTask(p, "7"));
        assertFalse(Authorizer.admitsTask(p, "t"));
    }

    @Test
    void arrayTaskIdsContainingWildcardIsNotAllTasks() {
        // "*" is only special as the whole claim; inside an array it names a task called "*".
        Principal p = principal("{\"taskIds\":[\"*\"],\"scope\":[\"*\"]}");
        assertFalse(p.taskIds().allTasks());
        assertFalse(Authorizer.admitsTask(p, "t1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "0", "true", "false", "null", "{}", "{\"*\":true}", "[]"})
    void otherTaskIdsTypesAdmitNothing(String claim) {
        Principal p = principal("{\"taskIds\":" + claim + ",\"scope\":[\"*\"]}");
        assertFalse(p.taskIds().allTasks());
        assertFalse(Authorizer.allowed(p, Scope.EVENT_SUBSCRIBE, "5"));
        assertFalse(Authorizer.admitsTask(p, "t1"));
        // Endpoints without a task-id check still work.
        assertTrue(Authorizer.allowed(p, Scope.TASK_CREATE, null));
    }

    @Test
    void absentScopeAllowsNothing() {
        Principal p = principal("{}");
        assertEquals(Set.of(), p.scopes());
        for (Scope scope : Scope.values()) {
            assertFalse(Authorizer.allowed(p, scope, null), scope.value());
        }
    }

    @Test
    void wildcardScopeAllowsEverything() {
        for (String claim : new String[] {"\"*\"", "[\"*\"]", "[\"event:publish\",\"*\"]"}) {
            Principal p = principal("{\"scope\":" + claim + "}");
            for (Scope scope : Scope.values()) {
                assertTrue(Authorizer.allowed(p, scope, "t1"), claim + " " + scope);
            }
        }
    }

    /** A string scope is one scope, not a haystack for substring matches. */
    @Test
    void stringScopeIsOneExactScope() {
        Principal p = principal("{\"scope\":\"task:manage\"}");
        assertEquals(Set.of("task:manage"), p.scopes());
        assertTrue(Authorizer.allowed(p, Scope.TASK_MANAGE, "t1"));
        assertFalse(p.scopes().contains("task"));
        assertFalse(Authorizer.allowed(p, Scope.TASK_CREATE, null));

        Principal spaced = principal("{\"scope\":\"task:create event:publish\"}");
        assertFalse(Authorizer.allowed(spaced, Scope.TASK_CREATE, null));
        assertFalse(Authorizer.allowed(spaced, Scope.EVENT_PUBLISH, "t1"));

        Principal padded = principal("{\"scope\":\"xevent:subscribex\"}");
        assertFalse(Authorizer.allowed(padded, Scope.EVENT_SUBSCRIBE, null));
    }

    @Test
    void arrayScopeKeepsItsStringsIncludingUnknownOnes() {
        Principal p = principal("{\"scope\":[\"task:create\",\"no:such\",3,null]}");
        assertEquals(Set.of("task:create", "no:such"), p.scopes());
        assertTrue(Authorizer.allowed(p, Scope.TASK_CREATE, null));
        assertFalse(Authorizer.allowed(p, Scope.WEBHOOK_CREATE, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "null", "{\"task:create\":true}"})
    void otherScopeTypesAllowNothing(String claim) {
        Principal p = principal("{\"scope\":" + claim + "}");
        assertEquals(Set.of(), p.scopes());
        assertFalse(Authorizer.allowed(p, Scope.TASK_CREATE, null));
    }

    @Test
    void taskCheckComesBeforeScopeAndBothMustPass() {
        Principal p = principal("{\"taskIds\":[\"t1\"],\"scope\":[\"event:publish\"]}");
        assertTrue(Authorizer.allowed(p, Scope.EVENT_PUBLISH, "t1"));
        assertFalse(Authorizer.allowed(p, Scope.EVENT_PUBLISH, "t2"));
        assertFalse(Authorizer.allowed(p, Scope.EVENT_HISTORY, "t1"));
        // POST /tasks and GET /events pass no task id: a restricted token may create any id.
        assertTrue(Authorizer.allowed(principal("{\"taskIds\":[\"t1\"],\"scope\":[\"task:create\"]}"),
                Scope.TASK_CREATE, null));
    }

    @Test
    void subAndRawClaims() {
        Principal p = principal("{\"sub\":\"alice\",\"workerId\":\"w-1\",\"tier\":3}");
        assertEquals("alice", p.sub());
        assertEquals(new TextNode("w-1"), p.claims().get("workerId"));
        assertEquals(new IntNode(3), p.claim("tier").orElseThrow());
        assertTrue(p.claim("missing").isEmpty());
        assertNull(principal("{\"sub\":42}").sub());
        assertNull(principal("{}").sub());
    }

    @Test
    void scopeStringsMatchTheSpec() {
        assertEquals("task:create", Scope.TASK_CREATE.value());
        assertEquals("task:manage", Scope.TASK_MANAGE.value());
        assertEquals("event:publish", Scope.EVENT_PUBLISH.value());
        assertEquals("event:subscribe", Scope.EVENT_SUBSCRIBE.value());
        assertEquals("event:history", Scope.EVENT_HISTORY.value());
        assertEquals("webhook:create", Scope.WEBHOOK_CREATE.value());
        assertEquals("task:resolve", Scope.TASK_RESOLVE.value());
    }
}
