package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET;
import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET_BYTES;
import static dev.taskcast.server.auth.TestJwts.NOW;
import static dev.taskcast.server.auth.TestJwts.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.AuthSettings.JwtSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** exp / nbf / iat / iss / aud (http-api.md §2.3): no clock tolerance, exp optional. */
class RegisteredClaimsTest {

    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "taskcast";

    static Authenticator authenticator(String issuer, String audience) {
        return Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("HS256", SECRET, null, null, issuer, audience)), TestJwts.CLOCK);
    }

    static AuthResult authenticate(Authenticator authenticator, String payload) {
        return authenticator.authenticate("Bearer " + token("HS256", SECRET_BYTES, payload));
    }

    static void accepted(Authenticator authenticator, String payload) {
        assertInstanceOf(Principal.class, authenticate(authenticator, payload), payload);
    }

    static void rejected(Authenticator authenticator, String payload) {
        assertEquals(AuthFailure.INVALID_TOKEN, authenticate(authenticator, payload), payload);
    }

    static void rejectedBecause(Authenticator authenticator, String payload, String reason) {
        String token = token("HS256", SECRET_BYTES, payload);
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> authenticator.verifier().verify(token));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void expiredTokenIsRejected() {
        Authenticator plain = authenticator(null, null);
        rejectedBecause(plain, "{\"exp\":" + (NOW - 3600) + "}", "exp");
        rejectedBecause(plain, "{\"exp\":" + (NOW - 1) + "}", "exp");
    }

    /** jose: valid only while exp > now, with now in whole seconds (the clock is at NOW + 0.999 s). */
    @Test
    void expiryBoundaryHasNoTolerance() {
        Authenticator plain = authenticator(null, null);
        rejected(plain, "{\"exp\":" + NOW + "}");
        accepted(plain, "{\"exp\":" + (NOW + 1) + "}");
        accepted(plain, "{\"exp\":" + NOW + ".5}");
    }

    @Test
    void tokenWithoutExpIsAccepted() {
        accepted(authenticator(null, null), "{\"sub\":\"alice\"}");
        accepted(authenticator(null, null), "{}");
    }

    @Test
    void notBeforeInTheFutureIsRejected() {
        Authenticator plain = authenticator(null, null);
        rejectedBecause(plain, "{\"nbf\":" + (NOW + 1) + "}", "nbf");
        rejected(plain, "{\"nbf\":" + (NOW + 3600) + ",\"exp\":" + (NOW + 7200) + "}");
        accepted(plain, "{\"nbf\":" + NOW + "}");
        accepted(plain, "{\"nbf\":" + (NOW - 60) + ",\"exp\":" + (NOW + 60) + "}");
    }

    @Test
    void futureIssuedAtIsAccepted() {
        accepted(authenticator(null, null), "{\"iat\":" + (NOW + 86_400) + "}");
    }

    /** jose type-checks the time claims even where it does not compare them. */
    @ParameterizedTest
    @ValueSource(strings = {"exp", "nbf", "iat"})
    void nonNumericTimeClaimIsRejected(String claim) {
        Authenticator plain = authenticator(null, null);
        rejected(plain, "{\"" + claim + "\":\"" + (NOW + 60) + "\"}");
        rejected(plain, "{\"" + claim + "\":null}");
        rejected(plain, "{\"" + claim + "\":true}");
    }

    @Test
    void issuerMustMatchWhenConfigured() {
        Authenticator withIssuer = authenticator(ISSUER, null);
        accepted(withIssuer, "{\"iss\":\"" + ISSUER + "\"}");
        rejectedBecause(withIssuer, "{\"iss\":\"https://evil.example\"}", "iss");
        rejected(withIssuer, "{}");
        rejected(withIssuer, "{\"iss\":[\"" + ISSUER + "\"]}");
        rejected(withIssuer, "{\"iss\":\"" + ISSUER + "/\"}");
    }

    @Test
    void issuerIsIgnoredWhenNotConfigured() {
        accepted(authenticator(null, null), "{\"iss\":\"anyone\"}");
        accepted(authenticator("", null), "{\"iss\":\"anyone\"}");
    }

    @Test
    void audienceMustBeContainedWhenConfigured() {
        Authenticator withAudience = authenticator(null, AUDIENCE);
        accepted(withAudience, "{\"aud\":\"taskcast\"}");
        accepted(withAudience, "{\"aud\":[\"other\",\"taskcast\"]}");
        rejectedBecause(withAudience, "{\"aud\":\"other\"}", "aud");
        rejected(withAudience, "{\"aud\":[\"other\",\"taskcast-admin\"]}");
        rejected(withAudience, "{\"aud\":[]}");
        rejected(withAudience, "{}");
        rejected(withAudience, "{\"aud\":{\"taskcast\":true}}");
    }

    @Test
    void audienceIsIgnoredWhenNotConfigured() {
        accepted(authenticator(null, null), "{\"aud\":\"whatever\"}");
    }

    @Test
    void issuerAndAudienceTogether() {
        Authenticator both = authenticator(ISSUER, AUDIENCE);
        accepted(both, "{\"iss\":\"" + ISSUER + "\",\"aud\":[\"taskcast\"],\"exp\":" + (NOW + 60) + "}");
        rejected(both, "{\"iss\":\"" + ISSUER + "\",\"aud\":[\"taskcast\"],\"exp\":" + (NOW - 60) + "}");
        rejected(both, "{\"iss\":\"" + ISSUER + "\"}");
        rejected(both, "{\"aud\":\"taskcast\"}");
    }
}
