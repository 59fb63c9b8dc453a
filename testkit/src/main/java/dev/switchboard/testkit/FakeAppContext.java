package dev.switchboard.testkit;

import dev.switchboard.core.plugin.JacksonJsonCodec;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.AppExecutor;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.spi.JsonCodec;
import dev.switchboard.spi.RegistrationHook;
import dev.switchboard.spi.SwitchboardApp;
import dev.switchboard.spi.VisitorDirectory;
import java.util.Objects;

/**
 * Every capability an app gets, in memory, for fast unit tests of a plugin's extensions: pass it where the host
 * would pass its {@link AppContext}. The parts follow the host's rules (see each class); the JSON codec is the
 * host's own. Hooks added with {@link #withHooks} run inside the directory's registrations, as in the host.
 * Channel apps get {@link FakeConversations} and {@link FakeAppHttp}; {@link FakeChannelDeliveries} drives their
 * sender. {@link #withVisitors} and {@link #withExecutor} swap the directory or the executor the app sees (for
 * example a {@link ForwardingVisitorDirectory} that fails, or a real thread pool); {@link #fakeVisitors()} and
 * {@link #fakeExecutor()} stay the kit's own, for the test's assertions.
 *
 * <pre>{@code
 * FakeAppContext context = FakeAppContext.of("my-bridge", new MyBridgeApp()).withHooks(new MyHook());
 * context.settings().save("apiToken", "t-123");
 * Visitor visitor = context.fakeVisitors().register(VisitorRegistration.builder("tok-1").phone("+1 555 0100").build());
 * }</pre>
 */
public final class FakeAppContext implements AppContext {
    private final String appId;
    private final TestClock clock = new TestClock();
    private final FakeVisitorDirectory visitors;
    private final FakeAppSettings settings;
    private final FakeKeyValueStore store = new FakeKeyValueStore(clock);
    private final FakeAppExecutor executor = new FakeAppExecutor();
    private final FakeConversations conversations;
    private final FakeAppHttp http = new FakeAppHttp();
    private volatile VisitorDirectory visitorsInUse;
    private volatile AppExecutor executorInUse = executor;

    private FakeAppContext(String appId, SwitchboardApp app) {
        this.appId = Objects.requireNonNull(appId, "appId");
        this.settings = new FakeAppSettings(app);
        this.visitors = new FakeVisitorDirectory(appId, clock, () -> this);
        this.visitorsInUse = visitors;
        this.conversations = new FakeConversations(appId, clock, visitors);
    }

    /**
     * A context for an app whose settings (and their validation) come from {@code app}.
     *
     * @param appId the app id (the plugin id)
     * @param app   the app's {@link SwitchboardApp} extension
     * @return the context, with no visitors, values or keys
     */
    public static FakeAppContext of(String appId, SwitchboardApp app) {
        return new FakeAppContext(appId, Objects.requireNonNull(app, "app"));
    }

    /**
     * A context for an app without a {@link SwitchboardApp} extension (no settings).
     *
     * @param appId the app id (the plugin id)
     * @return the context
     */
    public static FakeAppContext of(String appId) {
        return new FakeAppContext(appId, new SwitchboardApp() { });
    }

    /**
     * Adds registration hooks: from now on they run inside every registration of {@link #visitors()}, filtered
     * by their {@link RegistrationHook#filter()}.
     *
     * @param hooks the app's hooks
     * @return this
     */
    public FakeAppContext withHooks(RegistrationHook... hooks) {
        for (RegistrationHook hook : hooks) {
            visitors.addHook(hook);
        }
        return this;
    }

    /**
     * Adds erasure hooks, told by {@link FakeVisitorDirectory#erase(String)}.
     *
     * @param hooks the app's erasure hooks
     * @return this
     */
    public FakeAppContext withErasureHooks(ErasureHook... hooks) {
        for (ErasureHook hook : hooks) {
            visitors.addErasureHook(hook);
        }
        return this;
    }

    /**
     * Makes {@link #visitors()} answer {@code directory} (hooks get this context, so they see it too), for
     * example a {@link ForwardingVisitorDirectory} around {@link #fakeVisitors()} that injects faults or delays.
     *
     * @param directory the directory the app sees
     * @return this
     */
    public FakeAppContext withVisitors(VisitorDirectory directory) {
        this.visitorsInUse = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Makes {@link #executor()} answer {@code executor}, for example one running tasks on a real thread pool or
     * one that refuses them.
     *
     * @param executor the executor the app sees
     * @return this
     */
    public FakeAppContext withExecutor(AppExecutor executor) {
        this.executorInUse = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * Returns the kit's visitor directory, whatever {@link #withVisitors} put in front of it.
     *
     * @return the in-memory directory
     */
    public FakeVisitorDirectory fakeVisitors() {
        return visitors;
    }

    /**
     * Returns the kit's executor, whatever {@link #withExecutor} put in its place.
     *
     * @return the executor the test drives
     */
    public FakeAppExecutor fakeExecutor() {
        return executor;
    }

    /**
     * Returns the clock of key-value expiry and visitors' timestamps.
     *
     * @return the clock the test moves
     */
    public TestClock clock() {
        return clock;
    }

    @Override
    public String appId() {
        return appId;
    }

    /**
     * Returns the directory the app sees: {@link #fakeVisitors()} unless {@link #withVisitors} swapped it.
     *
     * @return the directory
     */
    @Override
    public VisitorDirectory visitors() {
        return visitorsInUse;
    }

    @Override
    public FakeAppSettings settings() {
        return settings;
    }

    @Override
    public FakeKeyValueStore store() {
        return store;
    }

    @Override
    public JsonCodec json() {
        return JacksonJsonCodec.INSTANCE;
    }

    /**
     * Returns the executor the app sees: {@link #fakeExecutor()} unless {@link #withExecutor} swapped it.
     *
     * @return the executor
     */
    @Override
    public AppExecutor executor() {
        return executorInUse;
    }

    @Override
    public FakeConversations conversations() {
        return conversations;
    }

    @Override
    public FakeAppHttp http() {
        return http;
    }
}
