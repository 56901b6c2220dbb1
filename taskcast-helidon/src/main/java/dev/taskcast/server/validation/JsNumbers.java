package dev.taskcast.server.validation;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JavaScript's string-to-number conversions, which the original applies to query parameters
 * ({@code since.index} and {@code since.timestamp} use {@code Number()}, {@code limit} uses
 * {@code parseInt}). Results are doubles because JavaScript's are: NaN and infinities included.
 */
public final class JsNumbers {
    /** StrDecimalLiteral: optional sign, then Infinity or digits with optional fraction/exponent. */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
    /** NonDecimalIntegerLiteral: hex, octal or binary, never signed. */
    private static final Pattern NON_DECIMAL = Pattern.compile("0(?:([xX])([0-9a-fA-F]+)|([oO])([0-7]+)|([bB])([01]+))");
    /**
     * parseInt without a radix: optional sign, then either a 0x prefix and the longest hex digit
     * run (possibly empty, which is NaN) or the longest decimal digit run.
     */
    private static final Pattern LEADING_INTEGER = Pattern.compile("([+-]?)(?:0[xX]([0-9a-fA-F]*)|(\\d+))");

    private JsNumbers() {
    }

    /**
     * {@code Number(text)}: surrounding whitespace ignored, empty → 0, decimal (with fraction,
     * exponent or {@code Infinity}) or unsigned {@code 0x}/{@code 0o}/{@code 0b} integer, else NaN.
     */
    public static double jsNumber(String text) {
        String trimmed = trim(text, true);
        if (trimmed.isEmpty()) {
            return 0;
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            // Validated first: Double.parseDouble alone would also accept "1d", "NaN" or "0x1p3".
            return Double.parseDouble(trimmed);
        }
        Matcher nonDecimal = NON_DECIMAL.matcher(trimmed);
        if (nonDecimal.matches()) {
            int radix = nonDecimal.group(1) != null ? 16 : nonDecimal.group(3) != null ? 8 : 2;
            String digits = nonDecimal.group(radix == 16 ? 2 : radix == 8 ? 4 : 6);
            return new BigInteger(digits, radix).doubleValue();
        }
        return Double.NaN;
    }

    /**
     * {@code parseInt(text)}: leading whitespace skipped, optional sign, optional {@code 0x}
     * (radix 16), then the longest run of digits; anything after it is ignored ({@code "5abc"} → 5).
     * NaN when there is no digit.
     */
    public static double jsParseInt(String text) {
        Matcher integer = LEADING_INTEGER.matcher(trim(text, false));
        if (!integer.lookingAt()) {
            return Double.NaN;
        }
        String hexDigits = integer.group(2);
        if (hexDigits != null && hexDigits.isEmpty()) {
            return Double.NaN;
        }
        double magnitude = hexDigits != null ? new BigInteger(hexDigits, 16).doubleValue()
                : new BigInteger(integer.group(3)).doubleValue();
        return integer.group(1).equals("-") ? -magnitude : magnitude;
    }

    /** Strips JavaScript white space and line terminators: from the start, and from the end if asked. */
    private static String trim(String text, boolean bothEnds) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsWhitespace(text.charAt(start))) {
            start++;
        }
        while (bothEnds && end > start && isJsWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u2028', '\u2029', '\uFEFF' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
