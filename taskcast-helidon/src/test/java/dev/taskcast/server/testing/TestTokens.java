package dev.taskcast.server.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A tiny HMAC JWT signer built on the JDK only, so HTTP tests share no code with the verifier. */
public final class TestTokens {
    private TestTokens() {
    }

    /** {@code header.payload.signature} with header {@code {"alg":"HS256","typ":"JWT"}}. */
    public static String hs256(String secret, String payloadJson) {
        return hmac("HS256", secret, payloadJson);
    }

    /** @param alg {@code HS256}, {@code HS384} or {@code HS512} */
    public static String hmac(String alg, String secret, String payloadJson) {
        String input = b64("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + b64(payloadJson);
        String jdk = "HmacSHA" + alg.substring(2);
        try {
            Mac mac = Mac.getInstance(jdk);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jdk));
            byte[] sig = mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWS ({@code alg: none}, empty signature), which must always be rejected. */
    public static String unsigned(String payloadJson) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payloadJson) + ".";
    }

    /** Epoch seconds {@code deltaSeconds} from now, for {@code exp}/{@code nbf}/{@code iat}. */
    public static long epochSeconds(long deltaSeconds) {
        return System.currentTimeMillis() / 1000 + deltaSeconds;
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
