package dev.taskcast.server.auth;

/**
 * Outcome of {@link Authenticator#authenticate(String)}: either the request's {@link Principal} or
 * the {@link AuthFailure} to answer with. Sealed so callers can switch exhaustively.
 */
public sealed interface AuthResult permits Principal, AuthFailure {
}
