package dev.taskcast.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWT in JWS compact serialization, split and decoded but <em>not yet verified</em>.
 *
 * <p>Parsed here rather than with helidon-security-jwt's {@code SignedJwt.parseToken}: that class
 * exposes the decoded header only through {@code getJwt()}, whose constructor eagerly interprets
 * some thirty OIDC claims with fixed types and throws on claims the original (jose) ignores, e.g.
 * {@code "updated_at":"x"}, {@code "email_verified":"yes"}, {@code "zoneinfo":"Nowhere/X"}. Its JSON
 * reader also accepts trailing garbage after the payload and truncates {@code "exp":1.5} to 1
 * (checked against 4.2.0). And the per-task {@code authConfig} rules need the payload as Jackson nodes.
 *
 * @param algorithm    the header's {@code alg}
 * @param signingInput the ASCII bytes of {@code header.payload}, exactly as received
 * @param signature    the decoded signature bytes
 * @param payload      the claims set
 */
record CompactJws(String algorithm, byte[] signingInput, byte[] signature, ObjectNode payload) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // JSON.parse (the original) rejects trailing content after the top-level value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    static CompactJws parse(String token) throws InvalidTokenException {
        // limit -1 keeps trailing empty strings, so "a.b." has three parts and "a.b.c." has four.
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not three dot-separated segments");
        }
        ObjectNode header = jsonObject(parts[0], "header");
        ObjectNode payload = jsonObject(parts[1], "payload");
        byte[] signature = base64url(parts[2], "signature");

        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || alg.textValue().isEmpty()) {
            throw new InvalidTokenException("alg header missing or not a string");
        }
        checkCriticalHeaders(header);
        byte[] signingInput = (parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new CompactJws(alg.textValue(), signingInput, signature, payload);
    }

    /**
     * RFC 7515 §4.1.11: a {@code crit} extension we do not understand must fail. Like the original
     * (jose), the only understood one is {@code b64}, and only with its default {@code true}
     * (an unencoded payload is not a valid JWT).
     */
    private static void checkCriticalHeaders(ObjectNode header) throws InvalidTokenException {
        JsonNode crit = header.get("crit");
        if (crit == null) {
            return;
        }
        if (!crit.isArray() || crit.isEmpty()) {
            throw new InvalidTokenException("crit header is not a non-empty array");
        }
        for (JsonNode name : crit) {
            if (!name.isTextual() || !"b64".equals(name.textValue())) {
                throw new InvalidTokenException("unsupported crit header " + name);
            }
        }
        JsonNode b64 = header.get("b64");
        if (b64 == null || !b64.isBoolean() || !b64.booleanValue()) {
            throw new InvalidTokenException("b64 must be true when listed in crit");
        }
    }

    private static ObjectNode jsonObject(String segment, String what) throws InvalidTokenException {
        byte[] bytes = base64url(segment, what);
        try {
            // Decode as a String first: like the original's TextDecoder, invalid UTF-8 becomes U+FFFD.
            JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // fall through: not JSON
        }
        throw new InvalidTokenException(what + " is not a JSON object");
    }

    private static byte[] base64url(String segment, String what) throws InvalidTokenException {
        try {
            return BASE64URL.decode(segment);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(what + " is not base64url");
        }
    }
}
