package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.JwtAlgorithmTest.PAYLOAD;
import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET_BYTES;
import static dev.taskcast.server.auth.JwtAlgorithmTest.withSecret;
import static dev.taskcast.server.auth.TestJwts.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AuthSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bearer extraction (http-api.md §2.2) and the none mode (§2.1). */
class BearerHeaderTest {

    static final String VALID = token("HS256", SECRET_BYTES, PAYLOAD);

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "bearer x", "BEARER x", "Basic dXNlcjpwYXNz", "Token x",
            "Bearer\tx", "Bearerx", " ", "x Bearer y"})
    void missingOrNonBearerHeader(String header) {
        assertEquals(AuthFailure.MISSING_BEARER, withSecret().authenticate(header));
    }

    @Test
    void lowercaseSchemeWithValidTokenIsStillMissing() {
        assertEquals(AuthFailure.MISSING_BEARER, withSecret().authenticate("bearer " + VALID));
    }

    @Test
    void failureBodiesAreExact() {
        assertEquals(401, AuthFailure.MISSING_BEARER.status());
        assertEquals("Missing Bearer token", AuthFailure.MISSING_BEARER.error());
        assertEquals(401, AuthFailure.INVALID_TOKEN.status());
        assertEquals("Invalid or expired token", AuthFailure.INVALID_TOKEN.error());
        assertEquals(403, AuthFailure.FORBIDDEN.status());
        assertEquals("Forbidden", AuthFailure.FORBIDDEN.error());
    }

    @Test
    void validBearerToken() {
        Principal principal = assertInstanceOf(Principal.class, withSecret().authenticate("Bearer " + VALID));
        assertEquals("alice", principal.sub());
    }

    /** The token is not trimmed: the second space becomes part of it. */
    @Test
    void doubleSpaceMakesTheTokenInvalid() {
        assertEquals(AuthFailure.INVALID_TOKEN, withSecret().authenticate("Bearer  " + VALID));
        assertEquals(AuthFailure.INVALID_TOKEN, withSecret().authenticate("Bearer  x"));
    }

    @Test
    void surroundingWhitespaceIsHttpTrimmed() {
        assertInstanceOf(Principal.class, withSecret().authenticate("  Bearer " + VALID + " \t"));
    }

    @Test
    void garbageAfterBearerIsInvalidNotMissing() {
        assertEquals(AuthFailure.INVALID_TOKEN, withSecret().authenticate("Bearer x"));
        assertEquals(AuthFailure.INVALID_TOKEN, withSecret().authenticate("Bearer " + VALID + " extra"));
    }

    @Test
    void noneModeIgnoresTheHeader() {
        Authenticator none = Authenticator.create(AuthSettings.NONE);
        for (String header : new String[] {null, "", "Basic x", "Bearer garbage", "Bearer " + VALID}) {
            assertSame(Principal.OPEN, none.authenticate(header));
        }
        assertFalse(none.enforcesTaskAuthConfig());
        assertTrue(withSecret().enforcesTaskAuthConfig());
    }

    @Test
    void openPrincipalMayDoEverything() {
        for (Scope scope : Scope.values()) {
            assertTrue(Authorizer.allowed(Principal.OPEN, scope, "any-task"));
            assertTrue(Authorizer.allowed(Principal.OPEN, scope, null));
        }
        assertTrue(Authorizer.admitsTask(Principal.OPEN, "t1"));
    }
}
