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
        HostPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
            super(manager, descriptor, parent);
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
