/**
 * The Taskcast wire model as immutable values. JSON mapping ({@link dev.taskcast.api.TaskcastJson})
 * reproduces the wire format exactly: camelCase names, absent optional fields omitted, event
 * {@code data} absent distinct from {@code data: null}, timestamps as integer milliseconds.
 */
package dev.taskcast.api;
