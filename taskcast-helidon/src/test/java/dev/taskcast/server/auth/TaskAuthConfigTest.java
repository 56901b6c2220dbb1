package dev.taskcast.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.api.TaskAuthConfig;
import org.junit.jupiter.api.Test;

/** Per-task authConfig rules (http-api.md §2.6): they only restrict, per matching scope. */
class TaskAuthConfigTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Principal principal(String payload) {
        try {
            return Principal.fromClaims((ObjectNode) JSON.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static TaskAuthConfig config(String json) {
        try {
            return TaskAuthConfig.from(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static boolean check(String payload, Scope scope, String config) {
        return Authorizer.satisfiesTaskAuthConfig(principal(payload), scope, config(config));
    }

    static final String SUB_RULE =
            "{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},\"require\":{\"sub\":[\"alice\",\"bob\"]}}]}";

    @Test
    void noConfigOrNoRulesAllows() {
        Principal p = principal("{}");
        assertTrue(Authorizer.satisfiesTaskAuthConfig(p, Scope.TASK_MANAGE, null));
        assertTrue(Authorizer.satisfiesTaskAuthConfig(p, Scope.TASK_MANAGE, TaskAuthConfig.NONE));
        assertTrue(check("{}", Scope.TASK_MANAGE, "{\"rules\":[]}"));
    }

    @Test
    void requiredSubMustBeListed() {
        assertTrue(check("{\"sub\":\"alice\"}", Scope.EVENT_PUBLISH, SUB_RULE));
        assertTrue(check("{\"sub\":\"bob\"}", Scope.EVENT_PUBLISH, SUB_RULE));
        assertFalse(check("{\"sub\":\"mallory\"}", Scope.EVENT_PUBLISH, SUB_RULE));
        assertFalse(check("{\"sub\":\"alic\"}", Scope.EVENT_PUBLISH, SUB_RULE));
        assertFalse(check("{}", Scope.EVENT_PUBLISH, SUB_RULE));
        assertFalse(check("{\"sub\":[\"alice\"]}", Scope.EVENT_PUBLISH, SUB_RULE));
    }

    @Test
    void numericSubDoesNotMatchItsStringForm() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"*\"]},\"require\":{\"sub\":[\"42\"]}}]}";
        assertFalse(check("{\"sub\":42}", Scope.EVENT_PUBLISH, rule));
        assertTrue(check("{\"sub\":\"42\"}", Scope.EVENT_PUBLISH, rule));
    }

    @Test
    void emptySubListAdmitsNobody() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"*\"]},\"require\":{\"sub\":[]}}]}";
        assertFalse(check("{\"sub\":\"alice\"}", Scope.TASK_MANAGE, rule));
    }

    @Test
    void ruleForAnotherScopeDoesNotApply() {
        assertTrue(check("{\"sub\":\"mallory\"}", Scope.EVENT_SUBSCRIBE, SUB_RULE));
        assertTrue(check("{\"sub\":\"mallory\"}", Scope.TASK_MANAGE, SUB_RULE));
    }

    @Test
    void wildcardMatchAppliesToEveryScope() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"*\"]},\"require\":{\"sub\":[\"alice\"]}}]}";
        for (Scope scope : Scope.values()) {
            assertTrue(check("{\"sub\":\"alice\"}", scope, rule));
            assertFalse(check("{\"sub\":\"bob\"}", scope, rule));
        }
    }

    @Test
    void ruleWithoutMatchScopeAppliesToNothing() {
        String rule = "{\"rules\":[{\"require\":{\"sub\":[\"alice\"]}}]}";
        assertTrue(check("{\"sub\":\"bob\"}", Scope.TASK_MANAGE, rule));
    }

    @Test
    void requiredClaimsMustBeJsonEqual() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"task:manage\"]},"
                + "\"require\":{\"claims\":{\"tenant\":\"acme\",\"level\":2,\"flags\":{\"a\":1,\"b\":[1,\"x\"]}}}}]}";
        assertTrue(check("{\"tenant\":\"acme\",\"level\":2,\"flags\":{\"b\":[1,\"x\"],\"a\":1}}", Scope.TASK_MANAGE, rule));
        assertTrue(check("{\"tenant\":\"acme\",\"level\":2.0,\"flags\":{\"a\":1.0,\"b\":[1,\"x\"]}}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"tenant\":\"acme\",\"level\":\"2\",\"flags\":{\"a\":1,\"b\":[1,\"x\"]}}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"tenant\":\"ACME\",\"level\":2,\"flags\":{\"a\":1,\"b\":[1,\"x\"]}}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"tenant\":\"acme\",\"level\":2,\"flags\":{\"a\":1,\"b\":[\"x\",1]}}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"tenant\":\"acme\",\"level\":2,\"flags\":{\"a\":1,\"b\":[1,\"x\"],\"c\":0}}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"tenant\":\"acme\",\"level\":2}", Scope.TASK_MANAGE, rule));
        assertTrue(check("{}", Scope.EVENT_PUBLISH, rule));
    }

    @Test
    void requiredNullClaimNeedsAnExplicitNull() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"*\"]},\"require\":{\"claims\":{\"team\":null}}}]}";
        assertTrue(check("{\"team\":null}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{}", Scope.TASK_MANAGE, rule));
        assertFalse(check("{\"team\":\"x\"}", Scope.TASK_MANAGE, rule));
    }

    @Test
    void subAndClaimsTogetherBothMustHold() {
        String rule = "{\"rules\":[{\"match\":{\"scope\":[\"event:publish\"]},"
                + "\"require\":{\"sub\":[\"alice\"],\"claims\":{\"role\":\"publisher\"}}}]}";
        assertTrue(check("{\"sub\":\"alice\",\"role\":\"publisher\"}", Scope.EVENT_PUBLISH, rule));
        assertFalse(check("{\"sub\":\"alice\",\"role\":\"reader\"}", Scope.EVENT_PUBLISH, rule));
        assertFalse(check("{\"sub\":\"bob\",\"role\":\"publisher\"}", Scope.EVENT_PUBLISH, rule));
    }

    @Test
    void everyMatchingRuleMustHold() {
        String rules = "{\"rules\":["
                + "{\"match\":{\"scope\":[\"event:publish\",\"task:manage\"]},\"require\":{\"sub\":[\"alice\",\"bob\"]}},"
                + "{\"match\":{\"scope\":[\"task:manage\"]},\"require\":{\"claims\":{\"admin\":true}}}]}";
        assertTrue(check("{\"sub\":\"bob\"}", Scope.EVENT_PUBLISH, rules));
        assertFalse(check("{\"sub\":\"bob\"}", Scope.TASK_MANAGE, rules));
        assertTrue(check("{\"sub\":\"bob\",\"admin\":true}", Scope.TASK_MANAGE, rules));
        assertFalse(check("{\"sub\":\"carol\",\"admin\":true}", Scope.TASK_MANAGE, rules));
    }

    /** Rules never widen: a passing authConfig does not override a failing global check. */
    @Test
    void rulesDoNotWidenTheGlobalCheck() {
        Principal p = principal("{\"sub\":\"alice\",\"taskIds\":[\"t1\"],\"scope\":[\"event:subscribe\"]}");
        assertTrue(Authorizer.satisfiesTaskAuthConfig(p, Scope.EVENT_PUBLISH, config(SUB_RULE)));
        assertFalse(Authorizer.allowed(p, Scope.EVENT_PUBLISH, "t1"));
    }
}
