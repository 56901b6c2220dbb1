package dev.taskcast.engine.config;

/**
 * Effective authentication settings after file, environment and defaults are merged
 * (config-cli.md §3.4). {@code jwt} is {@code null} unless the mode is {@code jwt}.
 */
public record AuthSettings(Mode mode, JwtSettings jwt) {

    public enum Mode { NONE, JWT, CUSTOM }

    public static final AuthSettings NONE = new AuthSettings(Mode.NONE, null);

    /** JWT verification settings; at most one key source wins: secret, then publicKey, then publicKeyFile. */
    public record JwtSettings(String algorithm, String secret, String publicKey, String publicKeyFile,
                              String issuer, String audience) {

        /** Never prints the secret: settings end up in logs and test failure messages. */
        @Override
        public String toString() {
            return "JwtSettings[algorithm=" + algorithm + ", secret=" + (secret == null ? "null" : "***")
                    + ", publicKey=" + (publicKey == null ? "null" : "(PEM)") + ", publicKeyFile=" + publicKeyFile
                    + ", issuer=" + issuer + ", audience=" + audience + "]";
        }
    }
}
