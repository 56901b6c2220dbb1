package dev.taskcast.engine.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds small plugin jars at test time: compiles the given sources and packs them with resources. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * @param sources   class name → Java source
     * @param resources jar path → text content (e.g. META-INF/services files)
     * @param classpath extra class path entries for compilation (the test's own class path is always used)
     */
    static Path build(Path dir, String jarName, Map<String, String> sources, Map<String, String> resources,
                      List<Path> classpath) throws IOException {
        // Build outside the plugin folder: only the finished jar belongs there.
        Path src = Files.createTempDirectory("tc-plugin-src");
        Path classes = Files.createTempDirectory("tc-plugin-classes");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        classpath.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", cp.toString(), "--release", "21"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("test plugin did not compile");
        }
        Path jar = dir.resolve(jarName);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                write(out, r.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
