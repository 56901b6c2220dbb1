package dev.taskcast.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The server's own version, for {@code taskcast --version} and the {@code version} field of
 * {@code GET /} and {@code /health} (http-api.md §4).
 */
public final class TaskcastVersion {

    private static final String UNKNOWN = "0.0.0";
    private static final String VERSION = lookUp();

    private TaskcastVersion() {
    }

    /** {@code MAJOR.MINOR.PATCH}, e.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    /**
     * The Maven-filtered {@code taskcast-version.properties}; if the build did not filter it, the
     * {@code pom.properties} that Maven writes into every jar; {@code 0.0.0} when run from classes
     * that have neither.
     */
    private static String lookUp() {
        String filtered = read(TaskcastVersion.class.getResourceAsStream("taskcast-version.properties"));
        if (filtered != null && !filtered.contains("${")) {
            return filtered;
        }
        String fromJar = read(TaskcastVersion.class.getResourceAsStream(
                "/META-INF/maven/dev.taskcast/taskcast-helidon/pom.properties"));
        return fromJar != null ? fromJar : UNKNOWN;
    }

    private static String read(InputStream in) {
        if (in == null) {
            return null;
        }
        try (in) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null || version.isBlank() ? null : version.trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** picocli's {@code -V/--version}: just the version, as the original prints it. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {get()};
        }
    }
}
