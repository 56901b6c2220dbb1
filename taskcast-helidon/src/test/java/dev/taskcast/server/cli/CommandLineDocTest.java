package dev.taskcast.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.taskcast.engine.config.ConfigEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps the command-line and environment tables of {@code docs/configuration.md} equal to the
 * code: the flags of {@code serve} and {@code migrate} as picocli declares them, and every
 * {@code TASKCAST_*} variable named anywhere in the main sources of the project.
 */
class CommandLineDocTest {
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--?[A-Za-z][A-Za-z-]*)");
    private static final Pattern VARIABLE = Pattern.compile("TASKCAST_[A-Z0-9_]*[A-Z0-9]");

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/configuration.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("docs/configuration.md not found");
        }
        return dir;
    }

    static List<String> section(String heading) throws IOException {
        List<String> lines = Files.readAllLines(root().resolve("docs/configuration.md"));
        int level = heading.indexOf(' ');
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.equals(heading)) {
                in = true;
                continue;
            }
            if (in && line.matches("#{1," + level + "} .*")) {
                break;
            }
            if (in) {
                out.add(line);
            }
        }
        assertFalse(out.isEmpty(), "section " + heading + " not found");
        return out;
    }

    /** Flags named in the first column of the section's table. */
    static Set<String> documentedFlags(String heading) throws IOException {
        Set<String> flags = new TreeSet<>();
        for (String line : section(heading)) {
            if (line.startsWith("| `-")) {
                String firstCell = line.split("\\|")[1];
                Matcher m = FLAG.matcher(firstCell.replaceAll("<[^>]*>", ""));
                while (m.find()) {
                    flags.add(m.group(1));
                }
            }
        }
        return flags;
    }

    static Set<String> declaredFlags(String subcommand) {
        CliContext context = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                ConfigEnvironment.of(Path.of("."), Path.of("."), Map.of()), c -> null, s -> { });
        CommandLine command = TaskcastCli.commandLine(context).getSubcommands().get(subcommand);
        Set<String> flags = new TreeSet<>();
        command.getCommandSpec().options().forEach(o -> flags.addAll(List.of(o.names())));
        return flags;
    }

    @Test
    @DisplayName("the serve flags of the page are exactly the declared ones")
    void serveFlags() throws IOException {
        assertEquals(declaredFlags("serve"), documentedFlags("### `taskcast serve` (alias `start`)"));
    }

    @Test
    @DisplayName("the migrate flags of the page are exactly the declared ones")
    void migrateFlags() throws IOException {
        assertEquals(declaredFlags("migrate"), documentedFlags("### `taskcast migrate`"));
    }

    @Test
    @DisplayName("every TASKCAST_* variable of the main sources is documented, and nothing else")
    void environmentVariables() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : section("## Environment variables")) {
            Matcher m = Pattern.compile("^\\| `(TASKCAST_[A-Z0-9_]+)` \\|").matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root())) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .forEach(p -> {
                        try {
                            Matcher m = VARIABLE.matcher(Files.readString(p));
                            while (m.find()) {
                                used.add(m.group());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        assertEquals(used, documented);
    }
}
