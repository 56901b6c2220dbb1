package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.TestJwts.b64;
import static dev.taskcast.server.auth.TestJwts.pem;
import static dev.taskcast.server.auth.TestJwts.sign;
import static dev.taskcast.server.auth.TestJwts.token;
import static dev.taskcast.server.auth.TestJwts.tokenWithHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.AuthSettings.JwtSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which algorithms each key type accepts, and that signatures are really checked (http-api.md §2.3). */
class JwtAlgorithmTest {

    static final String SECRET = "s3cret-for-tests";
    static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
    static final String PAYLOAD = "{\"sub\":\"alice\",\"scope\":[\"*\"]}";

    static final KeyPair RSA = TestJwts.rsa(2048);
    static final KeyPair OTHER_RSA = TestJwts.rsa(2048);
    static final Map<String, KeyPair> EC = Map.of(
            "secp256r1", TestJwts.ec("secp256r1"),
            "secp384r1", TestJwts.ec("secp384r1"),
            "secp521r1", TestJwts.ec("secp521r1"));

    static Authenticator withSecret() {
        return Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("HS256", SECRET, null, null, null, null)), TestJwts.CLOCK);
    }

    static Authenticator withPublicKey(KeyPair pair) {
        return Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("RS256", null, pem(pair.getPublic()), null, null, null)), TestJwts.CLOCK);
    }

    static void assertAccepted(Authenticator authenticator, String token) {
        Principal principal = assertInstanceOf(Principal.class, authenticator.authenticate("Bearer " + token));
        assertEquals("alice", principal.sub());
    }

    static void assertRejected(Authenticator authenticator, String token) {
        assertEquals(AuthFailure.INVALID_TOKEN, authenticator.authenticate("Bearer " + token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void secretAcceptsEveryHmacAlgorithm(String alg) {
        assertAccepted(withSecret(), token(alg, SECRET_BYTES, PAYLOAD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void rsaKeyAcceptsEveryRsaAlgorithm(String alg) {
        assertAccepted(withPublicKey(RSA), token(alg, RSA.getPrivate(), PAYLOAD));
    }

    @ParameterizedTest
    @CsvSource({"secp256r1,ES256", "secp384r1,ES384", "secp521r1,ES512"})
    void ecKeyAcceptsTheAlgorithmOfItsCurve(String curve, String alg) {
        KeyPair pair = EC.get(curve);
        Authenticator authenticator = withPublicKey(pair);
        assertAccepted(authenticator, token(alg, pair.getPrivate(), PAYLOAD));
        assertEquals(Set.of(alg), authenticator.verifier().algorithms().algorithms());
    }

    /** The signature is mathematically valid (SHA-384 over a P-256 key), yet ES384 is not P-256's algorithm. */
    @ParameterizedTest
    @CsvSource({"secp256r1,ES384", "secp256r1,ES512", "secp384r1,ES256", "secp521r1,ES384"})
    void ecKeyRejectsTheAlgorithmOfAnotherCurve(String curve, String alg) {
        KeyPair pair = EC.get(curve);
        assertRejected(withPublicKey(pair), token(alg, pair.getPrivate(), PAYLOAD));
    }

    @Test
    void acceptedAlgorithmTablesPerKeyType() {
        assertEquals(Set.of("HS256", "HS384", "HS512"), withSecret().verifier().algorithms().algorithms());
        assertEquals(Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
                withPublicKey(RSA).verifier().algorithms().algorithms());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void unsignedTokensAreRejected(String alg) {
        String unsigned = b64("{\"alg\":\"" + alg + "\"}") + "." + b64(PAYLOAD) + ".";
        assertRejected(withSecret(), unsigned);
        assertRejected(withPublicKey(RSA), unsigned);
        assertRejected(withPublicKey(EC.get("secp256r1")), unsigned);
    }

    /** The classic confusion attack: HMAC "signed" with the public key text the server holds. */
    @Test
    void hmacTokenKeyedWithThePublicKeyIsRejected() {
        for (KeyPair pair : new KeyPair[] {RSA, EC.get("secp256r1")}) {
            Authenticator authenticator = withPublicKey(pair);
            byte[] pemBytes = pem(pair.getPublic()).getBytes(StandardCharsets.UTF_8);
            for (String alg : new String[] {"HS256", "HS384", "HS512"}) {
                assertRejected(authenticator, token(alg, pemBytes, PAYLOAD));
                assertRejected(authenticator, token(alg, pair.getPublic().getEncoded(), PAYLOAD));
            }
        }
    }

    @Test
    void asymmetricTokenAgainstSecretIsRejected() {
        assertRejected(withSecret(), token("RS256", RSA.getPrivate(), PAYLOAD));
        assertRejected(withSecret(), token("ES256", EC.get("secp256r1").getPrivate(), PAYLOAD));
    }

    @Test
    void rsaKeyRejectsEcTokensAndViceVersa() {
        assertRejected(withPublicKey(RSA), token("ES256", EC.get("secp256r1").getPrivate(), PAYLOAD));
        assertRejected(withPublicKey(EC.get("secp256r1")), token("RS256", RSA.getPrivate(), PAYLOAD));
    }

    @Test
    void signatureByAnotherKeyIsRejected() {
        assertRejected(withSecret(), token("HS256", "other-secret".getBytes(StandardCharsets.UTF_8), PAYLOAD));
        assertRejected(withPublicKey(RSA), token("RS256", OTHER_RSA.getPrivate(), PAYLOAD));
        assertRejected(withPublicKey(RSA), token("PS256", OTHER_RSA.getPrivate(), PAYLOAD));
        KeyPair otherEc = TestJwts.ec("secp256r1");
        assertRejected(withPublicKey(EC.get("secp256r1")), token("ES256", otherEc.getPrivate(), PAYLOAD));
    }

    @Test
    void tamperedPayloadIsRejected() {
        for (String alg : new String[] {"HS256", "RS256", "PS256", "ES256"}) {
            Authenticator authenticator = alg.startsWith("HS") ? withSecret()
                    : withPublicKey(alg.startsWith("ES") ? EC.get("secp256r1") : RSA);
            Object key = alg.startsWith("HS") ? SECRET_BYTES
                    : (alg.startsWith("ES") ? EC.get("secp256r1") : RSA).getPrivate();
            String[] parts = token(alg, key, PAYLOAD).split("\\.");
            String forged = parts[0] + "." + b64("{\"sub\":\"alice\",\"scope\":[\"*\"],\"taskIds\":\"*\"} ") + "." + parts[2];
            assertRejected(authenticator, forged);
            assertAccepted(authenticator, String.join(".", parts));
        }
    }

    @Test
    void rewrittenHeaderAlgorithmIsRejected() {
        String[] parts = token("HS256", SECRET_BYTES, PAYLOAD).split("\\.");
        assertRejected(withSecret(), b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void truncatedOrEmptySignatureIsRejected() {
        String valid = token("HS256", SECRET_BYTES, PAYLOAD);
        assertRejected(withSecret(), valid.substring(0, valid.length() - 4));
        assertRejected(withSecret(), valid.substring(0, valid.lastIndexOf('.') + 1));
        String es = token("ES256", EC.get("secp256r1").getPrivate(), PAYLOAD);
        assertRejected(withPublicKey(EC.get("secp256r1")), es.substring(0, es.length() - 4));
    }

    /** JWS carries ECDSA signatures as raw R||S; an ASN.1 DER signature must not verify. */
    @Test
    void derEncodedEcSignatureIsRejected() throws GeneralSecurityException {
        KeyPair pair = EC.get("secp256r1");
        String input = b64("{\"alg\":\"ES256\"}") + "." + b64(PAYLOAD);
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(pair.getPrivate());
        der.update(input.getBytes(StandardCharsets.US_ASCII));
        assertRejected(withPublicKey(pair), input + "." + b64(der.sign()));
        assertAccepted(withPublicKey(pair), input + "." + b64(sign("ES256", pair.getPrivate(),
                input.getBytes(StandardCharsets.US_ASCII))));
    }

    /** The original uses the one configured key whatever {@code kid} says; Helidon's JwkKeys lookup would not. */
    @Test
    void keyIdHeaderIsIgnored() {
        String header = "{\"alg\":\"HS256\",\"kid\":\"some-key-id\"}";
        assertAccepted(withSecret(), tokenWithHeader(header, "HS256", SECRET_BYTES, PAYLOAD));
    }

    @Test
    void rejectionReasonIsTheSignature() {
        String token = token("HS256", "other".getBytes(StandardCharsets.UTF_8), PAYLOAD);
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> withSecret().verifier().verify(token));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }
}
