package dev.taskcast.server.validation;

/** Whether a schema field must be present (zod's default) or may be absent ({@code .optional()}). */
enum Presence { REQUIRED, OPTIONAL }
