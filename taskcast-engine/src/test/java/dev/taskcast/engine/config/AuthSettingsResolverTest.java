package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSettingsResolverTest {

    @TempDir
    Path work;

    private AuthSettings resolve(String yaml, Map<String, String> env) {
        ObjectNode file = ConfigFileParser.parseYaml(yaml, env, Path.of("t.yaml"));
        return AuthSettingsResolver.resolve(ConfigValues.at(file, "auth"), ConfigEnvironment.of(work, work, env));
    }

    private String error(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> resolve(yaml, env)).getMessage();
    }

    @Test
    void defaultIsNone() {
        assertSame(AuthSettings.NONE, resolve("", Map.of()));
        assertSame(AuthSettings.NONE, resolve("auth: {jwt: {secret: s}}", Map.of()));
    }

    @Test
    void envModeOverridesFileMode() {
        assertSame(AuthSettings.NONE, resolve("auth: {mode: jwt}", Map.of("TASKCAST_AUTH_MODE", "none")));
        assertEquals(AuthSettings.Mode.JWT, resolve("auth: {mode: none}",
                Map.of("TASKCAST_AUTH_MODE", "jwt", "TASKCAST_JWT_SECRET", "s")).mode());
        // Empty counts as unset.
        assertEquals(AuthSettings.Mode.JWT, resolve("auth: {mode: jwt, jwt: {secret: s}}",
                Map.of("TASKCAST_AUTH_MODE", "")).mode());
    }

    @Test
    void jwtFieldsFromFileWithDefaultAlgorithm() {
        AuthSettings auth = resolve("auth: {mode: jwt, jwt: {secret: s3cret, issuer: iss, audience: aud}}", Map.of());
        assertEquals(new AuthSettings.JwtSettings("HS256", "s3cret", null, null, "iss", "aud"), auth.jwt());
    }

    @Test
    void everyJwtFieldCanComeFromTheEnvironment() throws IOException {
        Path pem = Files.writeString(work.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----");
        AuthSettings auth = resolve("auth: {mode: jwt, jwt: {algorithm: HS256, secret: file, publicKey: filekey,"
                + " publicKeyFile: nope, issuer: fi, audience: fa}}", Map.of(
                "TASKCAST_JWT_ALGORITHM", "ES256", "TASKCAST_JWT_SECRET", "envsecret",
                "TASKCAST_JWT_PUBLIC_KEY", "envkey", "TASKCAST_JWT_PUBLIC_KEY_FILE", "key.pem",
                "TASKCAST_JWT_ISSUER", "ei", "TASKCAST_JWT_AUDIENCE", "ea"));
        assertEquals(new AuthSettings.JwtSettings("ES256", "envsecret", "envkey", pem.toString(), "ei", "ea"), auth.jwt());
    }

    @Test
    void numericSecretIsItsText() {
        assertEquals("12345", resolve("auth: {mode: jwt, jwt: {secret: 12345}}", Map.of()).jwt().secret());
    }

    @Test
    void secretIsInterpolated() {
        assertEquals("from-env", resolve("auth: {mode: jwt, jwt: {secret: '${JWT_SECRET}'}}",
                Map.of("JWT_SECRET", "from-env")).jwt().secret());
    }

    @Test
    void customModeIsPassedOnForTheAuthenticatorToRefuse() {
        assertEquals(new AuthSettings(AuthSettings.Mode.CUSTOM, null), resolve("auth: {mode: custom}", Map.of()));
    }

    @Test
    void unknownModeRefusesToStart() {
        assertEquals("invalid auth mode \"JWT\"; expected none, jwt, or custom",
                error("", Map.of("TASKCAST_AUTH_MODE", "JWT")));
        assertEquals("invalid auth mode \"basic\"; expected none, jwt, or custom", error("auth: {mode: basic}", Map.of()));
    }

    @Test
    void jwtBlockIsBuiltEvenWithoutAnyJwtSettings() {
        // Refusing to start without a key is the authenticator's job, where the key is loaded.
        assertEquals(new AuthSettings.JwtSettings("HS256", null, null, null, null, null),
                resolve("auth: {mode: jwt}", Map.of()).jwt());
    }

    @Test
    void algorithmIsPassedOnAsWritten() {
        assertEquals("HS512", resolve("auth: {mode: jwt, jwt: {algorithm: HS512, secret: s}}", Map.of()).jwt().algorithm());
    }

    @Test
    void nonScalarJwtValueIsReported() {
        assertEquals("auth.jwt.secret must be a string", error("auth: {mode: jwt, jwt: {secret: [a]}}", Map.of()));
    }

    @Test
    void toStringHidesTheSecret() {
        String text = resolve("auth: {mode: jwt, jwt: {secret: topsecret}}", Map.of()).toString();
        assertFalse(text.contains("topsecret"), text);
        assertNull(AuthSettings.NONE.jwt());
    }
}
