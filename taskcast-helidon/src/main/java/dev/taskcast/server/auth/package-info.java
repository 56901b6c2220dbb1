/**
 * Authentication and authorization for the protected routes (http-api.md §2): bearer extraction,
 * JWT verification, the principal derived from the token, and the scope / task-id / per-task
 * {@code authConfig} checks.
 *
 * <p>Deliberately free of web-server types: the HTTP layer passes the {@code Authorization} header
 * value in and maps {@link dev.taskcast.server.auth.AuthFailure} / a denied check to the response.
 */
package dev.taskcast.server.auth;
