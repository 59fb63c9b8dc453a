package dev.switchboard.core.plugin;

import java.nio.file.Path;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.SingletonExtensionFactory;

/**
 * pf4j for plugin jars, with the host's rules: the SPI and SLF4J always come from the host (a plugin that bundled
 * them would otherwise get its own copies and fail casts), {@code Plugin-Requires} is checked against the SPI
 * version, one broken plugin never stops the others, and each extension class is instantiated once, so a class
 * implementing several extension points is one object.
 *
 * <p>A plugin sees the JDK, the SPI, SLF4J, pf4j and its own jar, nothing else of the host's class path: loading
 * a host class or library by name (the store, Jackson, the SQLite driver) fails as if it were absent, so plugins
 * cannot come to depend on the host's internals. This is hygiene, not a sandbox: objects the host hands a plugin
 * are host classes, reachable by reflection (docs/writing-a-plugin.md, "Trust model").
 */
final class HostPluginManager extends JarPluginManager {
    private static final String[] PARENT_FIRST = {"dev.switchboard.spi.", "org.slf4j."};

    HostPluginManager(Path pluginsDir, String spiVersion) {
        super(pluginsDir);
        setSystemVersion(spiVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                return new HostPluginClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            }
        };
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new SingletonExtensionFactory(this);
    }

    /** True when the plugin's {@code Plugin-Requires} accepts this host's SPI version. */
    boolean acceptsHost(PluginDescriptor descriptor) {
        String requires = descriptor.getRequires();
        return requires == null || requires.isBlank() || "*".equals(requires.trim())
                || getVersionManager().checkVersionConstraint(getSystemVersion(), requires);
    }

    private static final class HostPluginClassLoader extends PluginClassLoader {
        private static final ClassLoader JDK = ClassLoader.getPlatformClassLoader();

        HostPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
            super(manager, descriptor, parent);
        }

        /** The shared classes from the host; everything else from the JDK or the plugin's own jar only. */
        @Override
        public Class<?> loadClass(String className) throws ClassNotFoundException {
            if (className.startsWith("java.") || className.startsWith("org.pf4j.")
                    || shouldDelegateToParent(className)) {
                return super.loadClass(className);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> loaded = findLoadedClass(className);
                if (loaded != null) {
                    return loaded;
                }
                try {
                    return JDK.loadClass(className);
                } catch (ClassNotFoundException notTheJdks) {
                    // the plugin's own, next
                }
                try {
                    return findClass(className);
                } catch (ClassNotFoundException notThePlugins) {
                    Class<?> fromDependency = loadClassFromDependencies(className);
                    if (fromDependency == null) {
                        throw new ClassNotFoundException(className + " (plugins see only the JDK, the SPI, "
                                + "SLF4J, pf4j and their own jar)");
                    }
                    return fromDependency;
                }
            }
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            for (String prefix : PARENT_FIRST) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
            return super.shouldDelegateToParent(className);
        }
    }
}
