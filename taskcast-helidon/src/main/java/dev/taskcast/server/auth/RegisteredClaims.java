package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * The registered-claim checks of http-api.md §2.3, reproducing jose's {@code jwtVerify} exactly.
 * Done by hand rather than with Helidon's validators because the semantics must match to the
 * second: no clock skew, {@code exp} is valid only while {@code exp > now}, {@code nbf} while
 * {@code nbf <= now} (with {@code now} = whole epoch seconds, rounded down), tokens without
 * {@code exp} are fine, and {@code iat} is type-checked but never compared with the clock.
 *
 * @param issuer   required {@code iss}, or {@code null} when not configured
 * @param audience required member of {@code aud}, or {@code null} when not configured
 * @param clock    source of "now"
 */
record RegisteredClaims(String issuer, String audience, Clock clock) {

    void check(ObjectNode payload) throws InvalidTokenException {
        if (issuer != null && !isString(payload.get("iss"), issuer)) {
            throw new InvalidTokenException("iss does not match");
        }
        if (audience != null && !containsAudience(payload.get("aud"))) {
            throw new InvalidTokenException("aud does not contain the configured audience");
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        JsonNode iat = payload.get("iat");
        if (iat != null && !iat.isNumber()) {
            throw new InvalidTokenException("iat is not a number");
        }
        JsonNode nbf = payload.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nbf.doubleValue() > now)) {
            throw new InvalidTokenException("nbf is not a number or in the future");
        }
        JsonNode exp = payload.get("exp");
        if (exp != null && (!exp.isNumber() || exp.doubleValue() <= now)) {
            throw new InvalidTokenException("exp is not a number or not in the future");
        }
    }

    /** {@code aud} may be one string or an array of them; non-string elements never match. */
    private boolean containsAudience(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode element : aud) {
                if (isString(element, audience)) {
                    return true;
                }
            }
            return false;
        }
        return isString(aud, audience);
    }

    private static boolean isString(JsonNode node, String expected) {
        return node != null && node.isTextual() && node.textValue().equals(expected);
    }
}
