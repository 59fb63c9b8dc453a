package dev.switchboard.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A repository test that runs twice: against a fresh SQLite file and against a fresh database on the test
 * PostgreSQL server ({@link PostgresTestSupport}). Declare a {@link TestDatabase} parameter to get it:
 *
 * <pre>{@code
 * @StoreTest
 * void savesAUser(TestDatabase db) throws Exception {
 *     UserStore users = new JdbcUserStore(db.database(), clock);
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(BothDatabases.class)
public @interface StoreTest { }
