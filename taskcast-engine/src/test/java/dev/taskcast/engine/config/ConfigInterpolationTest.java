package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskcast.api.TaskcastJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigInterpolationTest {

    private static final Map<String, String> ENV = Map.of("A", "alpha", "EMPTY", "", "A:-b", "literal", "DOLLAR", "$1\\x");

    @Test
    void replacesSetVariables() {
        assertEquals("x-alpha-y-alpha", ConfigInterpolation.interpolate("x-${A}-y-${A}", ENV));
    }

    @Test
    void leavesUnsetVariablesAsWritten() {
        assertEquals("${NOPE} and ${A", ConfigInterpolation.interpolate("${NOPE} and ${A", ENV));
    }

    @Test
    void emptyVariableSubstitutesEmptyString() {
        assertEquals("[]", ConfigInterpolation.interpolate("[${EMPTY}]", ENV));
    }

    @Test
    void hasNoDefaultSyntaxAndNoEscape() {
        assertEquals("literal", ConfigInterpolation.interpolate("${A:-b}", ENV));
        assertEquals("\\alpha", ConfigInterpolation.interpolate("\\${A}", ENV));
        assertEquals("$${}", ConfigInterpolation.interpolate("$${}", ENV));
    }

    @Test
    void valueIsInsertedLiterally() {
        assertEquals("$1\\x", ConfigInterpolation.interpolate("${DOLLAR}", ENV));
    }

    @Test
    void treePassTouchesStringValuesOnly() {
        JsonNode tree = TaskcastJson.tree("{\"${A}\":\"${A}\",\"n\":1,\"b\":true,\"z\":null,"
                + "\"list\":[\"${A}\",2,{\"k\":\"${A}\"}]}");
        ConfigInterpolation.interpolateStrings(tree, ENV);
        assertEquals("{\"${A}\":\"alpha\",\"n\":1,\"b\":true,\"z\":null,\"list\":[\"alpha\",2,{\"k\":\"alpha\"}]}",
                tree.toString());
    }
}
