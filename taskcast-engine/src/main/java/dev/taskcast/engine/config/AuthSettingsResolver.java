package dev.taskcast.engine.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Effective authentication settings (config-cli.md §3.4): each value is
 * {@code TASKCAST_*} environment variable ?? config file ?? default.
 *
 * <p>Whether the settings can work (a key is present and readable, {@code custom} has no
 * callback in the standalone server) is decided where the key is loaded, by the server's
 * authenticator at startup; this class only merges the sources.
 */
final class AuthSettingsResolver {

    private AuthSettingsResolver() {
    }

    static AuthSettings resolve(JsonNode auth, ConfigEnvironment env) {
        String mode = first(env.get("TASKCAST_AUTH_MODE"), ConfigValues.text(auth, "mode", "auth.mode"), "none");
        return switch (mode) {
            case "none" -> AuthSettings.NONE;
            case "jwt" -> new AuthSettings(AuthSettings.Mode.JWT, jwt(ConfigValues.at(auth, "jwt"), env));
            case "custom" -> new AuthSettings(AuthSettings.Mode.CUSTOM, null);
            default -> throw new ConfigException("invalid auth mode \"" + mode + "\"; expected none, jwt, or custom");
        };
    }

    /** The JWT block is always built in jwt mode, even when the file has none (§3.4). */
    private static AuthSettings.JwtSettings jwt(JsonNode jwt, ConfigEnvironment env) {
        String publicKeyFile = first(env.get("TASKCAST_JWT_PUBLIC_KEY_FILE"),
                ConfigValues.text(jwt, "publicKeyFile", "auth.jwt.publicKeyFile"), null);
        return new AuthSettings.JwtSettings(
                first(env.get("TASKCAST_JWT_ALGORITHM"), ConfigValues.text(jwt, "algorithm", "auth.jwt.algorithm"),
                        "HS256"),
                first(env.get("TASKCAST_JWT_SECRET"), ConfigValues.text(jwt, "secret", "auth.jwt.secret"), null),
                first(env.get("TASKCAST_JWT_PUBLIC_KEY"), ConfigValues.text(jwt, "publicKey", "auth.jwt.publicKey"),
                        null),
                // Relative paths are read from the working directory, as the original does.
                publicKeyFile == null ? null : env.resolve(publicKeyFile).toString(),
                first(env.get("TASKCAST_JWT_ISSUER"), ConfigValues.text(jwt, "issuer", "auth.jwt.issuer"), null),
                first(env.get("TASKCAST_JWT_AUDIENCE"), ConfigValues.text(jwt, "audience", "auth.jwt.audience"),
                        null));
    }

    private static String first(String a, String b, String fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
