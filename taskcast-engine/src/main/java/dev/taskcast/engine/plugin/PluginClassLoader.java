package dev.taskcast.engine.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin's class loader. Only the SPI surface — {@code dev.taskcast.api}, {@code dev.taskcast.spi}
 * and Jackson, which the API exposes — comes from the server; the JDK comes from the platform loader;
 * everything else is loaded from the plugin's own jars first, so two plugins may carry different
 * versions of one library and neither sees the server's own libraries.
 */
final class PluginClassLoader extends URLClassLoader {
    static final List<String> SHARED_PACKAGES = List.of("dev.taskcast.api.", "dev.taskcast.spi.", "com.fasterxml.jackson.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;

    PluginClassLoader(String name, URL[] jars, ClassLoader spiLoader) {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
    }

    static boolean isShared(String className) {
        for (String p : SHARED_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isShared(name)) {
                    c = spiLoader.loadClass(name);
                } else {
                    try {
                        c = getParent().loadClass(name);
                    } catch (ClassNotFoundException notJdk) {
                        c = findClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /** Only the plugin's own resources, so ServiceLoader sees only the plugin's own factories. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> own = findResources(name);
        return own.hasMoreElements() ? own : Collections.emptyEnumeration();
    }
}
