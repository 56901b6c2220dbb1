package dev.taskcast.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskcast.engine.config.AuthSettings.JwtSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Verifies bearer tokens against the configured key (http-api.md §2.3). Built once at startup so
 * that every configuration problem surfaces there, not as a 401 on every request.
 */
final class JwtVerifier {

    static final String SECRET = "auth.jwt.secret (TASKCAST_JWT_SECRET)";
    static final String PUBLIC_KEY = "auth.jwt.publicKey (TASKCAST_JWT_PUBLIC_KEY)";
    static final String PUBLIC_KEY_FILE = "auth.jwt.publicKeyFile (TASKCAST_JWT_PUBLIC_KEY_FILE)";

    private final AcceptedAlgorithms algorithms;
    private final RegisteredClaims registeredClaims;

    private JwtVerifier(AcceptedAlgorithms algorithms, RegisteredClaims registeredClaims) {
        this.algorithms = algorithms;
        this.registeredClaims = registeredClaims;
    }

    /**
     * Selects the key (secret, else {@code publicKey}, else {@code publicKeyFile}) and reads it.
     * Empty strings count as unset, as everywhere in the configuration. The configured
     * {@code algorithm} plays no part: the accepted algorithms follow from the key type.
     *
     * @throws AuthConfigException naming the missing or broken setting (never echoing the secret)
     */
    static JwtVerifier fromSettings(JwtSettings settings, Clock clock) {
        if (settings == null) {
            throw noKey();
        }
        AcceptedAlgorithms algorithms;
        if (isSet(settings.secret())) {
            algorithms = AcceptedAlgorithms.forSecret(settings.secret().getBytes(StandardCharsets.UTF_8));
        } else if (isSet(settings.publicKey())) {
            algorithms = AcceptedAlgorithms.forPublicKey(SpkiPem.decode(settings.publicKey(), PUBLIC_KEY), PUBLIC_KEY);
        } else if (isSet(settings.publicKeyFile())) {
            String pem = readKeyFile(settings.publicKeyFile());
            algorithms = AcceptedAlgorithms.forPublicKey(SpkiPem.decode(pem, PUBLIC_KEY_FILE), PUBLIC_KEY_FILE);
        } else {
            throw noKey();
        }
        return new JwtVerifier(algorithms, new RegisteredClaims(
                isSet(settings.issuer()) ? settings.issuer() : null,
                isSet(settings.audience()) ? settings.audience() : null,
                clock));
    }

    /** The verified claims set of the token. */
    ObjectNode verify(String token) throws InvalidTokenException {
        CompactJws jws = CompactJws.parse(token);
        if (!algorithms.verify(jws.algorithm(), jws.signingInput(), jws.signature())) {
            throw new InvalidTokenException("signature invalid or alg " + jws.algorithm() + " not accepted");
        }
        registeredClaims.check(jws.payload());
        return jws.payload();
    }

    AcceptedAlgorithms algorithms() {
        return algorithms;
    }

    private static AuthConfigException noKey() {
        return new AuthConfigException("auth.mode is jwt but no verification key is configured: set "
                + SECRET + ", " + PUBLIC_KEY + " or " + PUBLIC_KEY_FILE);
    }

    /**
     * Read once at startup. The original re-reads the file per request, but a key that changes
     * under a running server is not a supported use, and a startup read lets us refuse to start.
     */
    private static String readKeyFile(String file) {
        try {
            return new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw unreadable(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw unreadable(file, "permission denied", e);
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw unreadable(file, e.toString(), e);
        }
    }

    private static AuthConfigException unreadable(String file, String why, Exception cause) {
        return new AuthConfigException(PUBLIC_KEY_FILE + " \"" + file + "\" cannot be read: " + why, cause);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
