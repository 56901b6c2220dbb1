package dev.taskcast.server.auth;

import static dev.taskcast.server.auth.JwtAlgorithmTest.PAYLOAD;
import static dev.taskcast.server.auth.JwtAlgorithmTest.RSA;
import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET;
import static dev.taskcast.server.auth.JwtAlgorithmTest.SECRET_BYTES;
import static dev.taskcast.server.auth.JwtAlgorithmTest.assertAccepted;
import static dev.taskcast.server.auth.JwtAlgorithmTest.assertRejected;
import static dev.taskcast.server.auth.TestJwts.pem;
import static dev.taskcast.server.auth.TestJwts.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskcast.engine.config.AuthSettings;
import dev.taskcast.engine.config.AuthSettings.JwtSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server refuses to start with auth settings that cannot work, and says why (config-cli.md §3.4). */
class StartupValidationTest {

    @TempDir
    Path dir;

    static AuthSettings jwt(String secret, String publicKey, String publicKeyFile) {
        return new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("HS256", secret, publicKey, publicKeyFile, null, null));
    }

    static AuthConfigException refused(AuthSettings settings) {
        AuthConfigException e = assertThrows(AuthConfigException.class, () -> Authenticator.create(settings));
        assertNoSecret(e);
        return e;
    }

    /** Neither the message nor any cause may carry the secret. */
    static void assertNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
            assertFalse(t.toString().contains(SECRET), t.toString());
        }
    }

    static void assertMentions(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "\"" + e.getMessage() + "\" should mention " + fragment);
        }
    }

    @Test
    void jwtModeWithoutAnyKeyIsRefused() {
        for (AuthSettings settings : new AuthSettings[] {
                jwt(null, null, null),
                jwt("", "", ""),
                new AuthSettings(AuthSettings.Mode.JWT, null),
                new AuthSettings(AuthSettings.Mode.JWT, new JwtSettings("RS256", null, null, null, "iss", "aud"))}) {
            assertMentions(refused(settings), "auth.jwt.secret", "auth.jwt.publicKey", "auth.jwt.publicKeyFile",
                    "TASKCAST_JWT_SECRET", "TASKCAST_JWT_PUBLIC_KEY", "TASKCAST_JWT_PUBLIC_KEY_FILE");
        }
    }

    @Test
    void customModeIsRefusedWithoutLeakingTheSecret() {
        AuthConfigException e = refused(new AuthSettings(AuthSettings.Mode.CUSTOM,
                new JwtSettings("HS256", SECRET, null, null, null, null)));
        assertMentions(e, "custom");
    }

    @Test
    void missingKeyFileIsRefused() {
        Path missing = dir.resolve("nope.pem");
        assertMentions(refused(jwt(null, null, missing.toString())),
                "auth.jwt.publicKeyFile", missing.toString(), "cannot be read");
    }

    @Test
    void directoryAsKeyFileIsRefused() {
        assertMentions(refused(jwt(null, null, dir.toString())), "auth.jwt.publicKeyFile", "cannot be read");
    }

    @Test
    void unparsableInlinePemIsRefused() {
        String body = Base64.getMimeEncoder().encodeToString(RSA.getPublic().getEncoded());
        for (String bad : new String[] {
                "not a pem",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                "-----BEGIN PUBLIC KEY-----\n" + body.substring(0, body.length() / 2) + "\n-----END PUBLIC KEY-----",
                "-----BEGIN RSA PUBLIC KEY-----\n" + body + "\n-----END RSA PUBLIC KEY-----",
                "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----",
                "-----BEGIN PUBLIC KEY-----\n" + body}) {
            assertMentions(refused(jwt(null, bad, null)), "auth.jwt.publicKey (TASKCAST_JWT_PUBLIC_KEY)");
        }
    }

    @Test
    void unparsableKeyFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n");
        assertMentions(refused(jwt(null, null, file.toString())), "auth.jwt.publicKeyFile");
    }

    @Test
    void smallRsaKeyIsRefused() {
        assertMentions(refused(jwt(null, pem(TestJwts.rsa(1024).getPublic()), null)), "1024", "2048");
    }

    @Test
    void unsupportedKeyTypeIsRefused() {
        assertMentions(refused(jwt(null, pem(TestJwts.ed25519().getPublic()), null)), "auth.jwt.publicKey");
    }

    @Test
    void keyFileIsReadAtStartup() throws IOException {
        Path file = Files.writeString(dir.resolve("key.pem"), pem(RSA.getPublic()));
        Authenticator authenticator = Authenticator.create(jwt(null, null, file.toString()), TestJwts.CLOCK);
        Files.delete(file);
        assertAccepted(authenticator, token("RS256", RSA.getPrivate(), PAYLOAD));
    }

    @Test
    void pemWithSurroundingWhitespaceAndCrLfIsAccepted() {
        String pem = "\n  " + pem(RSA.getPublic()).replace("\n", "\r\n") + "\n\n";
        assertAccepted(Authenticator.create(jwt(null, pem, null), TestJwts.CLOCK),
                token("RS256", RSA.getPrivate(), PAYLOAD));
    }

    /** A configured secret wins; the (here broken) public key settings are never even looked at. */
    @Test
    void secretWinsOverPublicKeys() {
        Authenticator authenticator = Authenticator.create(jwt(SECRET, "broken", "/no/such/file"), TestJwts.CLOCK);
        assertAccepted(authenticator, token("HS256", SECRET_BYTES, PAYLOAD));
        assertRejected(authenticator, token("RS256", RSA.getPrivate(), PAYLOAD));
    }

    @Test
    void inlinePublicKeyWinsOverKeyFile() {
        Authenticator authenticator = Authenticator.create(jwt(null, pem(RSA.getPublic()), "/no/such/file"),
                TestJwts.CLOCK);
        assertAccepted(authenticator, token("RS256", RSA.getPrivate(), PAYLOAD));
    }

    /** The configured algorithm does not restrict anything: the key type decides (http-api.md §2.3). */
    @Test
    void configuredAlgorithmDoesNotPinTheTokenAlgorithm() {
        Authenticator authenticator = Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("ES256", null, pem(RSA.getPublic()), null, null, null)), TestJwts.CLOCK);
        assertAccepted(authenticator, token("PS384", RSA.getPrivate(), PAYLOAD));
        Authenticator hmac = Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("RS256", SECRET, null, null, null, null)), TestJwts.CLOCK);
        assertAccepted(hmac, token("HS512", SECRET_BYTES, PAYLOAD));
    }

    @Test
    void secretIsUsedAsRawUtf8Bytes() {
        String unicodeSecret = "pässwörd-✓";
        Authenticator authenticator = Authenticator.create(new AuthSettings(AuthSettings.Mode.JWT,
                new JwtSettings("HS256", unicodeSecret, null, null, null, null)), TestJwts.CLOCK);
        assertAccepted(authenticator, token("HS256", unicodeSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                PAYLOAD));
    }

    @Test
    void modesAreReported() {
        assertEquals(AuthSettings.Mode.NONE, Authenticator.create(AuthSettings.NONE).mode());
        assertEquals(AuthSettings.Mode.JWT, Authenticator.create(jwt(SECRET, null, null)).mode());
    }
}
