package dev.taskcast.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileParserTest {

    @TempDir
    Path dir;

    private ObjectNode parse(String name, String text, Map<String, String> env) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return ConfigFileParser.parse(file, env);
    }

    private ObjectNode yaml(String text, Map<String, String> env) throws IOException {
        return parse("taskcast.config.yaml", text, env);
    }

    @Test
    void emptyYamlFileIsEmptyConfig() throws IOException {
        assertEquals("{}", yaml("", Map.of()).toString());
        assertEquals("{}", yaml("# only a comment\n", Map.of()).toString());
    }

    @Test
    void yamlInterpolatesRawTextBeforeParsing() throws IOException {
        ObjectNode tree = yaml("port: ${PORT}\nauth: ${AUTH}\n",
                Map.of("PORT", "8080", "AUTH", "{mode: jwt, jwt: {secret: s3}}"));
        assertTrue(tree.get("port").isInt(), "unquoted ${PORT} becomes a number");
        assertEquals(8080, tree.get("port").intValue());
        assertEquals("s3", tree.at("/auth/jwt/secret").textValue());
    }

    @Test
    void yamlInterpolatesStringValuesAgainAfterParsing() throws IOException {
        ObjectNode tree = yaml("secret: ${OUTER}\n", Map.of("OUTER", "${INNER}", "INNER", "deep"));
        assertEquals("deep", tree.get("secret").textValue());
    }

    @Test
    void yamlDuplicateKeysAreAParseError() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("port: 1\nport: 2\n", Map.of()));
        assertTrue(e.getMessage().startsWith("Failed to parse config file " + dir.resolve("taskcast.config.yaml")),
                e.getMessage());
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorNamesTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("auth: [unclosed\n", Map.of()));
        assertTrue(e.getMessage().contains("taskcast.config.yaml"), e.getMessage());
    }

    @Test
    void yamlTopLevelMustBeAMapping() {
        ConfigException e = assertThrows(ConfigException.class, () -> yaml("- a\n- b\n", Map.of()));
        assertTrue(e.getMessage().contains("top level must be a mapping"), e.getMessage());
    }

    @Test
    void yamlUsesCoreSchemaScalarsLikeTheOriginal() throws IOException {
        ObjectNode tree = yaml("""
                a: yes
                b: on
                c: 0123
                d: 12:30
                e: 2024-01-01
                f: true
                g: 0x1F
                h: 0o17
                i: 1.5
                j: ~
                k:
                l: 1_000
                m: 9999999999
                n: .inf
                """, Map.of());
        assertEquals("yes", tree.get("a").textValue());
        assertEquals("on", tree.get("b").textValue());
        assertEquals(123, tree.get("c").intValue());
        assertEquals("12:30", tree.get("d").textValue());
        assertEquals("2024-01-01", tree.get("e").textValue());
        assertTrue(tree.get("f").booleanValue());
        assertEquals(31, tree.get("g").intValue());
        assertEquals(15, tree.get("h").intValue());
        assertEquals(1.5, tree.get("i").doubleValue());
        assertTrue(tree.get("j").isNull());
        assertTrue(tree.get("k").isNull());
        assertEquals("1_000", tree.get("l").textValue());
        assertEquals(9999999999L, tree.get("m").longValue());
        assertTrue(Double.isInfinite(tree.get("n").doubleValue()));
    }

    @Test
    void yamlRejectsUnknownTags() {
        assertThrows(ConfigException.class, () -> yaml("a: !!java.io.File /etc\n", Map.of()));
    }

    @Test
    void jsonIsParsedThenInterpolatedOnce() throws IOException {
        ObjectNode tree = parse("c.json", "{\"${K}\":\"${V}\",\"n\":\"${NESTED}\",\"num\":5}",
                Map.of("K", "key", "V", "value", "NESTED", "${V}"));
        assertEquals("value", tree.get("${K}").textValue(), "keys are never interpolated");
        assertEquals("${V}", tree.get("n").textValue(), "only one pass");
        assertEquals(5, tree.get("num").intValue());
    }

    @Test
    void jsonRawTextIsNotInterpolated() {
        // In YAML this would inject a number; in JSON the reference is not even valid syntax.
        assertThrows(ConfigException.class, () -> parse("c.json", "{\"port\": ${PORT}}", Map.of("PORT", "1")));
    }

    @Test
    void jsonErrorsNameTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("c.json", "{\"a\":", Map.of()));
        assertTrue(e.getMessage().startsWith("Failed to parse config file " + dir.resolve("c.json")), e.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> parse("d.json", "", Map.of()));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(ConfigException.class, () -> parse("e.json", "[1]", Map.of()));
    }

    @Test
    void anyNonJsonExtensionIsYaml() throws IOException {
        assertEquals(7, parse("config.txt", "port: 7", Map.of()).get("port").intValue());
        assertEquals(7, parse("noextension", "port: 7", Map.of()).get("port").intValue());
    }

    @Test
    void stringPortTakesItsLeadingInteger() throws IOException {
        assertEquals(8080, yaml("port: \"8080\"", Map.of()).get("port").intValue());
        assertEquals(80, yaml("port: \"80x\"", Map.of()).get("port").intValue());
        assertEquals(9000, yaml("port: \"${P}\"", Map.of("P", "9000")).get("port").intValue());
        assertEquals(80, parse("p.json", "{\"port\":\"${P}\"}", Map.of("P", "80x")).get("port").intValue());
    }

    @Test
    void stringPortWithoutLeadingIntegerIsDropped() throws IOException {
        assertFalse(yaml("port: abc", Map.of()).has("port"));
        assertFalse(yaml("port: \"${UNSET}\"", Map.of()).has("port"));
    }

    @Test
    void unreadableFileIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFileParser.parse(dir, Map.of()));
        assertTrue(e.getMessage().startsWith("Cannot read config file"), e.getMessage());
    }
}
