package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.Presence.OPTIONAL;
import static dev.taskcast.server.validation.Presence.REQUIRED;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code authConfig} of a create body. The original accepts any object and never enforces it;
 * the Java server enforces it, so a config it could not interpret is rejected up front rather than
 * silently granting access (http-api.md §2.6). Shape:
 * {@code {"rules":[{"match":{"scope":[string]},"require":{"claims"?:{...},"sub"?:[string]}}]}}.
 */
final class AuthConfigSchema {
    private AuthConfigSchema() {
    }

    /** The object exactly as sent, or {@code null} when absent or invalid. */
    static JsonNode read(ObjectFields task) {
        ObjectFields config = task.object("authConfig", OPTIONAL);
        if (config == null) {
            return null;
        }
        List<ObjectFields> rules = config.objects("rules", REQUIRED);
        if (rules != null) {
            rules.forEach(AuthConfigSchema::checkRule);
        }
        return config.node();
    }

    private static void checkRule(ObjectFields rule) {
        ObjectFields match = rule.object("match", REQUIRED);
        if (match != null) {
            match.strings("scope", REQUIRED);
        }
        ObjectFields require = rule.object("require", REQUIRED);
        if (require != null) {
            require.record("claims");
            require.strings("sub", OPTIONAL);
        }
    }
}
