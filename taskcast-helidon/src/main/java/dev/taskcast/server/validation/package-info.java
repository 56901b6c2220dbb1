/**
 * Turns request bytes and query parameters into the engine's validated inputs, or into the exact
 * 400 answers of the original server (http-api.md §3.2, §3.3).
 *
 * <p>The original validates with zod schemas; this package reproduces zod's issue codes, paths,
 * messages and ordering (fields in schema declaration order, every issue reported). It depends
 * only on Jackson so that it can be tested without a web server:
 * <ul>
 *   <li>{@link dev.taskcast.server.validation.JsonBody} parses the body
 *       ({@link dev.taskcast.server.validation.MalformedJsonException} when it is not JSON);</li>
 *   <li>{@link dev.taskcast.server.validation.CreateTaskSchema},
 *       {@link dev.taskcast.server.validation.TransitionSchema} and
 *       {@link dev.taskcast.server.validation.PublishEventSchema} validate bodies,
 *       {@link dev.taskcast.server.validation.QueryRoute} validates query parameters
 *       ({@link dev.taskcast.server.validation.ValidationException} on failure);</li>
 *   <li>{@link dev.taskcast.server.validation.ValidationErrorBody} renders the 400 body.</li>
 * </ul>
 */
package dev.taskcast.server.validation;
