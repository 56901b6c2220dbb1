package dev.taskcast.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test-only JWS signer and key factory, built on the JDK alone so the tests share no code with production. */
final class TestJwts {

    /** "Now" for every test: 2023-11-14T22:13:20Z, plus 999 ms to prove sub-second time is floored. */
    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW * 1000 + 999), ZoneOffset.UTC);

    private TestJwts() {
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token with header {@code {"alg":alg,"typ":"JWT"}} and the given payload JSON. */
    static String token(String alg, Object key, String payloadJson) {
        return tokenWithHeader("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", alg, key, payloadJson);
    }

    /** Signs {@code b64(header).b64(payload)} with {@code signingAlg}, whatever the header claims. */
    static String tokenWithHeader(String headerJson, String signingAlg, Object key, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(sign(signingAlg, key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * @param key a {@code byte[]} HMAC secret for HS*, a {@link PrivateKey} otherwise
     */
    static byte[] sign(String alg, Object key, byte[] input) {
        try {
            String bits = alg.substring(2);
            switch (alg.substring(0, 2)) {
                case "HS" -> {
                    Mac mac = Mac.getInstance("HmacSHA" + bits);
                    mac.init(new SecretKeySpec((byte[]) key, "HmacSHA" + bits));
                    return mac.doFinal(input);
                }
                case "RS" -> {
                    return signature("SHA" + bits + "withRSA", (PrivateKey) key, input, null);
                }
                case "PS" -> {
                    int bytes = Integer.parseInt(bits) / 8;
                    MGF1ParameterSpec mgf = new MGF1ParameterSpec("SHA-" + bits);
                    return signature("RSASSA-PSS", (PrivateKey) key, input,
                            new PSSParameterSpec("SHA-" + bits, "MGF1", mgf, bytes, 1));
                }
                case "ES" -> {
                    // JWS wants raw R||S (IEEE P1363), not the DER the plain "SHA256withECDSA" emits.
                    return signature("SHA" + bits + "withECDSAinP1363Format", (PrivateKey) key, input, null);
                }
                default -> throw new IllegalArgumentException(alg);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] signature(String jdkAlg, PrivateKey key, byte[] input, PSSParameterSpec pss)
            throws GeneralSecurityException {
        Signature signature = Signature.getInstance(jdkAlg);
        if (pss != null) {
            signature.setParameter(pss);
        }
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param curve JDK curve name: secp256r1, secp384r1 or secp521r1 */
    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SPKI PEM, 64-character lines, as openssl writes it. */
    static String pem(Key publicKey) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
