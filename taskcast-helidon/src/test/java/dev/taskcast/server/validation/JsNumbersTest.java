package dev.taskcast.server.validation;

import static dev.taskcast.server.validation.JsNumbers.jsNumber;
import static dev.taskcast.server.validation.JsNumbers.jsParseInt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected values are what node prints for {@code Number(s)} and {@code parseInt(s)}. */
class JsNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''|0", "' '|0", "'\t\n '|0", "0|0", "5|5", "' 42 '|42", "-7|-7", "+7|7", "1.5|1.5", "-.5|-0.5",
            "5.|5", "00012|12", "1e3|1000", "1E-2|0.01", "2.5e+2|250", "0x1A|26", "0XfF|255", "0o17|15",
            "0b101|5", "1e400|Infinity", "-1e400|-Infinity", "Infinity|Infinity", "+Infinity|Infinity",
            "-Infinity|-Infinity", "9007199254740993|9007199254740992", "1700000000000|1700000000000"})
    void numberConversion(String text, double expected) {
        assertEquals(expected, jsNumber(text));
    }

    @Test
    void numberTrimsAllJavaScriptWhitespace() {
        assertEquals(3, jsNumber("\u00A0\uFEFF\u2028\u3000 3\u2003\r\u000B\f"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5abc", "1,5", "1 2", ".", "e5", "1e", "1e+", "--1", "+-1", "-0x10", "0x",
            "0xg", "0b2", "0o8", "infinity", "NaN", "1_000", "1d", "1f", "0x1p3", "١٢", "\u0085 1"})
    void numberIsNaNForAnythingElse(String text) {
        assertTrue(Double.isNaN(jsNumber(text)), text);
    }

    @Test
    void negativeZeroIsKept() {
        assertEquals(-0.0, jsNumber("-0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(jsNumber("-0")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "5|5", "5abc|5", "' \t12px'|12", "-3|-3", "+3|3", "1.9|1", "-1.9|-1", "1e3|1", "0x1f|31", "-0X10|-16",
            "0x1g|1", "007|7", "' 0 '|0", "99999999999999999999|100000000000000000000", "0b11|0", "'\u00A05'|5"})
    void parseIntConversion(String text, double expected) {
        assertEquals(expected, jsParseInt(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "-", "+", "- 1", ".5", "0x", "-0x", "0xz", "Infinity", "\u0085 1"})
    void parseIntIsNaNWithoutLeadingDigits(String text) {
        assertTrue(Double.isNaN(jsParseInt(text)), text);
    }
}
