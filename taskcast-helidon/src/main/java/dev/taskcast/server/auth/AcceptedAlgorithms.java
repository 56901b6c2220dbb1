package dev.taskcast.server.auth;

import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkEC;
import io.helidon.security.jwt.jwk.JwkOctet;
import io.helidon.security.jwt.jwk.JwkRSA;
import jakarta.json.Json;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JWS algorithms the configured key accepts, each bound to a signature check for that key
 * (http-api.md §2.3). A token whose {@code alg} is not in the table is rejected before any
 * cryptography runs; this is the algorithm pinning that defeats {@code alg: none} and the classic
 * key-confusion attack (an {@code HS256} token "signed" with the public key PEM as HMAC secret):
 * a public key simply has no {@code HS*} entry.
 *
 * <p>We call {@link Jwk#verifySignature} directly rather than {@code SignedJwt.verifySignature}:
 * the latter selects the key by the token's {@code kid} header and fails for an unknown kid,
 * whereas the original ignores {@code kid} and always uses the single configured key.
 */
final class AcceptedAlgorithms {

    /** jose (the original's JWT library) refuses RS and PS algorithms with smaller RSA keys. */
    static final int MIN_RSA_BITS = 2048;

    @FunctionalInterface
    private interface SignatureCheck {
        boolean verify(byte[] signingInput, byte[] signature);
    }

    private final Map<String, SignatureCheck> checks;

    private AcceptedAlgorithms(Map<String, SignatureCheck> checks) {
        this.checks = Map.copyOf(checks);
    }

    /** HMAC with the secret's raw bytes: {@code HS256}, {@code HS384}, {@code HS512}. */
    static AcceptedAlgorithms forSecret(byte[] secret) {
        // JwkOctet only has a JSON factory; "k" is the base64url key, "kid" is required but unused.
        String k = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Map<String, SignatureCheck> checks = new LinkedHashMap<>();
        for (String alg : new String[] {JwkOctet.ALG_HS256, JwkOctet.ALG_HS384, JwkOctet.ALG_HS512}) {
            Jwk jwk = JwkOctet.create(Json.createObjectBuilder()
                    .add("kty", Jwk.KEY_TYPE_OCT).add("kid", "taskcast").add("alg", alg).add("k", k)
                    .build());
            checks.put(alg, jwk::verifySignature);
        }
        return new AcceptedAlgorithms(checks);
    }

    /**
     * RSA key: {@code RS256/384/512} and {@code PS256/384/512}; EC key: only the algorithm of its
     * curve ({@code P-256 → ES256}, {@code P-384 → ES384}, {@code P-521 → ES512}).
     *
     * @throws AuthConfigException for a key no token could ever verify against
     */
    static AcceptedAlgorithms forPublicKey(PublicKey key, String settingName) {
        if (key instanceof RSAPublicKey rsa) {
            return forRsa(rsa, settingName);
        }
        if (key instanceof ECPublicKey ec) {
            return forEc(ec, settingName);
        }
        throw new AuthConfigException(settingName + " holds a " + key.getAlgorithm()
                + " key; only RSA and EC (P-256, P-384, P-521) public keys are supported");
    }

    Set<String> algorithms() {
        return checks.keySet();
    }

    /** Whether {@code alg} is accepted for this key and the signature is valid under it. */
    boolean verify(String alg, byte[] signingInput, byte[] signature) {
        SignatureCheck check = checks.get(alg);
        if (check == null) {
            return false;
        }
        try {
            return check.verify(signingInput, signature);
        } catch (RuntimeException e) {
            // Helidon wraps SignatureException (e.g. an ES signature of the wrong length) in JwtException.
            return false;
        }
    }

    private static AcceptedAlgorithms forRsa(RSAPublicKey key, String settingName) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new AuthConfigException(settingName + " is a " + bits + "-bit RSA key; at least "
                    + MIN_RSA_BITS + " bits are required");
        }
        Map<String, SignatureCheck> checks = new LinkedHashMap<>();
        for (String alg : new String[] {JwkRSA.ALG_RS256, JwkRSA.ALG_RS384, JwkRSA.ALG_RS512}) {
            Jwk jwk = JwkRSA.builder().publicKey(key).algorithm(alg).build();
            checks.put(alg, jwk::verifySignature);
        }
        checks.put("PS256", pss(key, "SHA-256", MGF1ParameterSpec.SHA256, 32));
        checks.put("PS384", pss(key, "SHA-384", MGF1ParameterSpec.SHA384, 48));
        checks.put("PS512", pss(key, "SHA-512", MGF1ParameterSpec.SHA512, 64));
        return new AcceptedAlgorithms(checks);
    }

    /**
     * RSASSA-PSS through the JDK: helidon-security-jwt's JwkRSA only knows RS256/384/512. Parameters
     * per RFC 7518 §3.5: MGF1 with the same hash, salt length = hash length, trailer field 1.
     */
    private static SignatureCheck pss(RSAPublicKey key, String hash, MGF1ParameterSpec mgf, int saltLength) {
        PSSParameterSpec params = new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
        return (signingInput, signature) -> {
            try {
                // A new Signature per call: instances are stateful and not thread-safe.
                Signature verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(params);
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        };
    }

    private static AcceptedAlgorithms forEc(ECPublicKey key, String settingName) {
        String alg = curveAlgorithm(key.getParams());
        if (alg == null) {
            throw new AuthConfigException(settingName
                    + " is an EC key on an unsupported curve; only P-256, P-384 and P-521 are supported");
        }
        // JwkEC verifies with the JDK's "...withECDSAinP1363Format", i.e. JWS's raw R||S, not DER.
        Jwk jwk = JwkEC.builder().publicKey(key).algorithm(alg).build();
        return new AcceptedAlgorithms(Map.of(alg, jwk::verifySignature));
    }

    /** The ES algorithm of a named curve, matched by group order and cofactor (unique among these). */
    private static String curveAlgorithm(ECParameterSpec params) {
        Map<String, String> algByCurve = Map.of(
                "secp256r1", JwkEC.ALG_ES256,
                "secp384r1", JwkEC.ALG_ES384,
                "secp521r1", JwkEC.ALG_ES512);
        for (Map.Entry<String, String> entry : algByCurve.entrySet()) {
            ECParameterSpec named = namedCurve(entry.getKey());
            if (named.getOrder().equals(params.getOrder()) && named.getCofactor() == params.getCofactor()
                    && named.getCurve().equals(params.getCurve())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static ECParameterSpec namedCurve(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks standard curve " + name, e);
        }
    }
}
