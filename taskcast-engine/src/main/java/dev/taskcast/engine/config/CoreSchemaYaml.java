package dev.taskcast.engine.config;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML set up to read plain scalars the way the original's YAML 1.2 parser does.
 *
 * <p>SnakeYAML implements YAML 1.1, where {@code yes}/{@code on} are booleans, {@code 0123} is
 * octal, {@code 12:30} is a base-60 number and {@code 2024-01-01} a timestamp. A secret or a URL
 * written unquoted must arrive as the same string as on the original, so this uses the YAML 1.2
 * core schema instead. Duplicate keys are rejected (config-cli.md §1.2).
 */
final class CoreSchemaYaml {

    private CoreSchemaYaml() {
    }

    /** The single document of {@code text} as maps, lists and scalars; {@code null} for an empty document. */
    static Object load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        DumperOptions dumperOptions = new DumperOptions();
        Yaml yaml = new Yaml(new CoreConstructor(options), new Representer(dumperOptions), dumperOptions,
                options, new CoreResolver());
        return yaml.load(text);
    }

    /** Implicit tags of the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution). */
    private static final class CoreResolver extends Resolver {
        private static final Pattern BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT = Pattern.compile("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$");
        private static final Pattern FLOAT = Pattern.compile(
                "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                        + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "tTfF");
            // INT before FLOAT: "1" matches both, the first match wins.
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    }

    /** Integers in core-schema notation: decimal (leading zeros stay decimal), {@code 0o} octal, {@code 0x} hex. */
    private static final class CoreConstructor extends SafeConstructor {
        CoreConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.INT, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return integer(constructScalar((ScalarNode) node));
                }
            });
        }

        private static Number integer(String text) {
            BigInteger value;
            if (text.startsWith("0x")) {
                value = new BigInteger(text.substring(2), 16);
            } else if (text.startsWith("0o")) {
                value = new BigInteger(text.substring(2), 8);
            } else {
                value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            }
            if (value.bitLength() < Integer.SIZE) {
                return value.intValue();
            }
            return value.bitLength() < Long.SIZE ? (Number) value.longValue() : value;
        }
    }
}
