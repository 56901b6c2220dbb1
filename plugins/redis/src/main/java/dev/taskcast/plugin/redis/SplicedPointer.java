package dev.taskcast.plugin.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.taskcast.api.TaskEvent;
import dev.taskcast.api.TaskcastJson;

/**
 * An accumulate pointer's stored JSON in three parts: everything up to the accumulated string's
 * opening quote ({@code head}), the string's escaped content ({@code value}) and everything from its
 * closing quote ({@code tail}). {@code head + value + tail} is exactly {@link StoredJson#write}'s
 * output for the accumulated event.
 *
 * <p>Why: the accumulated text grows with every delta (tens of kilobytes for an LLM answer), and
 * sending the old and the new pointer to Redis on every publish made a Redis publish three times as
 * expensive as one without a series. Knowing the layout of the pointer it wrote last, the store sends
 * only the new head, the escaped delta and the new tail; the script checks that the stored pointer is
 * still the one described (length, head with the event id, tail) and splices the new one out of it.
 * JSON string escaping works character by character, so {@code escape(a + b) = escape(a) + escape(b)}
 * except for a surrogate pair split between {@code a} and {@code b}, which {@link #canAppend} refuses.
 */
record SplicedPointer(String field, String head, String value, String tail, long valueBytes) {
    /** Stands in for the accumulated text while the layout is rendered; a control character keeps it out of real text. */
    private static final String SENTINEL = "\u0001taskcast-accumulated\u0001";
    private static final String QUOTED_SENTINEL = TaskcastJson.write(TextNode.valueOf(SENTINEL));

    /**
     * The layout of {@code accumulated}'s pointer, or {@code null} when its {@code data[field]} is not
     * a string or the JSON cannot be split unambiguously (the sentinel occurs elsewhere in it).
     */
    static SplicedPointer of(TaskEvent accumulated, String field) {
        if (!(accumulated.data() instanceof ObjectNode data) || !(data.get(field) instanceof TextNode text)) {
            return null;
        }
        ObjectNode marked = data.deepCopy();
        marked.put(field, SENTINEL);
        String json = StoredJson.write(accumulated.withData(marked));
        int at = json.indexOf(QUOTED_SENTINEL);
        if (at < 0 || json.indexOf(QUOTED_SENTINEL, at + 1) >= 0) {
            return null;
        }
        String value = escape(text.textValue());
        return new SplicedPointer(field, json.substring(0, at + 1), value,
                json.substring(at + QUOTED_SENTINEL.length() - 1), utf8Length(value));
    }

    /** This layout's head and tail with another escaped value. */
    SplicedPointer withValue(String newValue, long newValueBytes) {
        return new SplicedPointer(field, head, newValue, tail, newValueBytes);
    }

    /**
     * Whether {@code delta} can be spliced onto the text held by {@code previousData} (this pointer's
     * data): the same field, and no surrogate pair would be cut in two at the seam.
     */
    boolean canAppend(JsonNode previousData, String accField, String delta) {
        if (!field.equals(accField)) {
            return false;
        }
        String previous = previousData.get(field).textValue();
        return !(!delta.isEmpty() && Character.isLowSurrogate(delta.charAt(0)))
                && !(!previous.isEmpty() && Character.isHighSurrogate(previous.charAt(previous.length() - 1)));
    }

    String json() {
        return head + value + tail;
    }

    /** The stored pointer's length in bytes, as the script's {@code #current} sees it. */
    long byteLength() {
        return utf8Length(head) + valueBytes + utf8Length(tail);
    }

    long chars() {
        return (long) head.length() + value.length() + tail.length();
    }

    /** {@code text} escaped as the stored JSON escapes it, without the quotes. */
    static String escape(String text) {
        String quoted = TaskcastJson.write(TextNode.valueOf(text));
        return quoted.substring(1, quoted.length() - 1);
    }

    /** Bytes of {@code s} in UTF-8 (an unpaired surrogate counts as the one {@code ?} it becomes). */
    static long utf8Length(String s) {
        long bytes = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // four bytes for the two chars of the pair
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
