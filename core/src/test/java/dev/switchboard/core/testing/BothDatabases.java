package dev.switchboard.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Runs each {@link StoreTest} once per store kind, each time with a fresh, migrated {@link TestDatabase}. */
public final class BothDatabases implements TestTemplateInvocationContextProvider {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BothDatabases.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(TestDatabase.Kind.values()).map(BothDatabases::invocation);
    }

    private static TestTemplateInvocationContext invocation(TestDatabase.Kind kind) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return kind.name().toLowerCase();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Provider(kind));
            }
        };
    }

    /** Opens the database before the test (so a missing PostgreSQL skips or fails it) and closes it after. */
    private static final class Provider implements BeforeEachCallback, ParameterResolver {
        private final TestDatabase.Kind kind;

        Provider(TestDatabase.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void beforeEach(ExtensionContext context) throws Exception {
            Path dir = Files.createTempDirectory("switchboard-store-" + kind.name().toLowerCase());
            TestDatabase database = TestDatabase.open(kind, dir);
            context.getStore(NAMESPACE).put(TestDatabase.class, (AutoCloseable) database);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
        }
    }
}
