package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.JwtAlgorithmTest.PAYLOAD;
import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET_BYTES;
import static dev.taskcast.server.auth.JwtAlgorithmTest.assertAccepted;
import static dev.taskcast.server.auth.JwtAlgorithmTest.assertRejected;
import static dev.taskcast.server.auth.JwtAlgorithmTest.withSecret;
import static dev.taskcast.server.auth.TestJwts.token;
import static dev.taskcast.server.auth.TestJwts.tokenWithHeader;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed compact serializations are rejected as "Invalid or expired token", never as a 500. */
class TokenFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "..",
            "a.b",
            "a.b.c.d",
            "!!!.@@@.###",
            "eyJhbGciOiJIUzI1NiJ9.e30",
            "eyJhbGciOiJIUzI1NiJ9.e30.sig.extra",
            "eyJhbGciOiJIUzI1NiJ9.e30.not+base64url/",
            "eyJhbGciOiJIUzI1NiJ9.e30.c2ln."})
    void garbageIsRejected(String token) {
        assertRejected(withSecret(), token);
    }

    @Test
    void validTokenWithExtraSegmentIsRejected() {
        assertRejected(withSecret(), token("HS256", SECRET_BYTES, PAYLOAD) + ".");
    }

    @Test
    void badBase64InAnySegmentIsRejected() {
        String[] parts = token("HS256", SECRET_BYTES, PAYLOAD).split("\\.");
        assertRejected(withSecret(), parts[0] + "*." + parts[1] + "." + parts[2]);
        assertRejected(withSecret(), parts[0] + "." + parts[1] + "*." + parts[2]);
        assertRejected(withSecret(), parts[0] + "." + parts[1] + "." + parts[2] + "*");
    }

    /** Correctly signed, so only the content can be the reason. */
    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "\"a string\"", "42", "null", "{\"sub\":\"alice\"} trailing", "{"})
    void signedNonObjectPayloadIsRejected(String payload) {
        assertRejected(withSecret(), token("HS256", SECRET_BYTES, payload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[\"HS256\"]", "{\"typ\":\"JWT\"}", "{\"alg\":256}", "{\"alg\":\"\"}",
            "{\"alg\":null}"})
    void signedBadHeaderIsRejected(String header) {
        assertRejected(withSecret(), tokenWithHeader(header, "HS256", SECRET_BYTES, PAYLOAD));
    }

    @Test
    void unknownCriticalHeaderIsRejected() {
        String header = "{\"alg\":\"HS256\",\"crit\":[\"exp\"],\"exp\":1}";
        assertRejected(withSecret(), tokenWithHeader(header, "HS256", SECRET_BYTES, PAYLOAD));
        assertRejected(withSecret(), tokenWithHeader("{\"alg\":\"HS256\",\"crit\":[]}", "HS256", SECRET_BYTES, PAYLOAD));
        assertRejected(withSecret(), tokenWithHeader("{\"alg\":\"HS256\",\"crit\":\"b64\",\"b64\":true}", "HS256",
                SECRET_BYTES, PAYLOAD));
    }

    /** jose understands exactly one critical extension, b64, and a JWT must keep it true. */
    @Test
    void b64CriticalHeaderOnlyWhenTrue() {
        assertAccepted(withSecret(), tokenWithHeader("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":true}", "HS256",
                SECRET_BYTES, PAYLOAD));
        assertRejected(withSecret(), tokenWithHeader("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}", "HS256",
                SECRET_BYTES, PAYLOAD));
        assertRejected(withSecret(), tokenWithHeader("{\"alg\":\"HS256\",\"crit\":[\"b64\"]}", "HS256",
                SECRET_BYTES, PAYLOAD));
    }

    /** Claims jose does not interpret must not matter (Helidon's Jwt would throw on these). */
    @ParameterizedTest
    @ValueSource(strings = {"{\"updated_at\":\"x\"}", "{\"email_verified\":\"yes\"}", "{\"address\":\"x\"}",
            "{\"picture\":\"::: bad\"}", "{\"zoneinfo\":\"Nowhere/X\"}", "{\"at_hash\":\"!!\"}"})
    void unrelatedOddClaimsAreAccepted(String payload) {
        assertInstanceOf(Principal.class, withSecret().authenticate("Bearer " + token("HS256", SECRET_BYTES, payload)));
    }

    @Test
    void malformedReasonIsReported() {
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> withSecret().verifier().verify("a.b"));
        assertTrue(e.getMessage().contains("three"), e.getMessage());
    }
}
