package dev.taskcast.server.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.taskcast.api.TaskcastJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Request-body handling shared by every route that takes JSON. */
public final class JsonBody {
    /**
     * The original's (hono) JSON media-type test: {@code application/json} or
     * {@code application/<x>+json}, each optionally followed by {@code ; name=value} parameters.
     */
    private static final Pattern JSON_MEDIA_TYPE = Pattern.compile(
            "^application/([a-z.-]+\\+)?json(;\\s*[a-z0-9-]+=([^;]+))*$", Pattern.CASE_INSENSITIVE);

    /** Trailing tokens ({@code {} x}) make the body malformed, as for JavaScript's JSON.parse. */
    private static final ObjectReader READER =
            TaskcastJson.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private JsonBody() {
    }

    /** Whether a request Content-Type value (may be {@code null}) selects the JSON error shape. */
    public static boolean isJsonContentType(String contentType) {
        return contentType != null && JSON_MEDIA_TYPE.matcher(contentType.strip()).matches();
    }

    /**
     * Parses a whole request body as one JSON value.
     *
     * @throws MalformedJsonException for an empty body, invalid UTF-8, invalid or incomplete JSON,
     *         trailing content, or input beyond Jackson's stream limits (e.g. nesting depth)
     */
    public static JsonNode parse(byte[] body) {
        if (isAscii(body)) {
            // Nothing to validate or decode (and no byte order mark): parse the bytes directly.
            return parsed(body);
        }
        String text = decodeUtf8(body);
        // Fetch's Request.json() drops a leading byte order mark before JSON.parse sees the text.
        if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
            text = text.substring(1);
        }
        JsonNode node;
        try {
            node = READER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedJsonException(e);
        }
        return present(node);
    }

    private static JsonNode parsed(byte[] ascii) {
        JsonNode node;
        try {
            node = READER.readTree(ascii);
        } catch (IOException e) { // JacksonException included
            throw new MalformedJsonException(e);
        }
        return present(node);
    }

    /** Jackson answers an empty or blank document with a missing node instead of failing. */
    private static JsonNode present(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new MalformedJsonException();
        }
        return node;
    }

    /**
     * ASCII without NUL: such bytes read as UTF-8 whatever Jackson's encoding detection (which takes
     * NUL patterns for UTF-16/32), so the byte parser sees exactly the text the decoder would give.
     */
    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Strict decoding, so that no invalid byte sequence is silently replaced by U+FFFD. */
    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException(e);
        }
    }
}
