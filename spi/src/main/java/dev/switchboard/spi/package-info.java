/**
 * The Switchboard plugin contract: what a channel-bridge plugin implements and what the host gives it.
 * It depends only on the JDK and pf4j, so plugins stay binary-compatible across upgrades of the host's own
 * libraries (Vert.x, Jackson, database drivers).
 *
 * <h2>Plugin structure</h2>
 * A plugin ("app") is a single pf4j jar loaded by the host at startup.
 * <ul>
 *   <li><b>Manifest.</b> {@code Plugin-Id} (the app id, used in URLs such as
 *       {@code /api/apps/public/{appId}/webhook}; 1-64 characters from {@code [a-z0-9._-]}),
 *       {@code Plugin-Version} (SemVer, for example {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}),
 *       {@code Plugin-Requires} (a range of {@link dev.switchboard.spi.SpiVersion#VERSION}, normally
 *       {@code >=1.0.0 & <2.0.0}), optionally {@code Plugin-Provider} and {@code Plugin-Description}.
 *       Modules whose parent is {@code dev.switchboard:switchboard-plugins} get these written from the
 *       {@code plugin.id} and {@code plugin.requires} properties.</li>
 *   <li><b>Extensions.</b> Classes annotated {@code @org.pf4j.Extension} implementing
 *       {@link dev.switchboard.spi.SwitchboardApp} (at most one: settings and lifecycle),
 *       {@link dev.switchboard.spi.AppEndpoint} (HTTP endpoints),
 *       {@link dev.switchboard.spi.RegistrationHook} (reactions to visitor registrations),
 *       {@link dev.switchboard.spi.ErasureHook} (reactions to erasures) and
 *       {@link dev.switchboard.spi.ChannelSender} (agents' messages out through the app's channel; the way in is
 *       {@link dev.switchboard.spi.Conversations}, and channel APIs are called through
 *       {@link dev.switchboard.spi.AppHttp}). pf4j's annotation
 *       processor lists them in {@code META-INF/extensions.idx}; on JDK 23+ it must be declared in the compiler's
 *       {@code annotationProcessorPaths}, as the plugins parent POM does. Extensions need a public no-argument
 *       constructor; the host creates one instance of each per plugin load and calls it concurrently.</li>
 *   <li><b>Dependencies.</b> {@code switchboard-spi}, {@code org.pf4j:pf4j} and {@code org.slf4j:slf4j-api}
 *       must be {@code provided}: the host supplies them, and a bundled copy would be loaded by the plugin's own
 *       class loader, breaking casts to the SPI types. Do not bundle Vert.x or Jackson; use
 *       {@link dev.switchboard.spi.JsonCodec} for JSON. Other libraries may be bundled into the jar. The
 *       plugins parent POM fails the build when a plugin jar breaks these rules.</li>
 * </ul>
 *
 * <h2>Calls into a plugin</h2>
 * Every call receives an {@link dev.switchboard.spi.AppContext} whose capabilities are bound to the app's id, so
 * an app can never act as another. The host never calls a plugin on an event-loop thread, sets the thread
 * context class loader to the plugin's class loader, and contains the plugin's exceptions.
 *
 * <h2>Value types</h2>
 * Records validate their components in their constructors and hold immutable copies of collections and arrays,
 * so a value cannot change after construction.
 */
package dev.switchboard.spi;
