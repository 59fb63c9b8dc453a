package dev.switchboard.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.core.visitor.Visitor;
import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.RegistrationEvent;
import dev.switchboard.spi.RegistrationFilter;
import dev.switchboard.spi.RegistrationHook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilteredHookTest {
    private static final RegistrationHook NOTHING = (event, context) -> { };

    @ParameterizedTest(name = "{0} wants phone={1} email={2}: {3}")
    @CsvSource({
        "ALL,        ,              ,               true",
        "ALL,        +15550107001,  a@example.com,  true",
        "WITH_PHONE, ,              a@example.com,  false",
        "WITH_PHONE, +15550107001,  ,               true",
        "WITH_EMAIL, +15550107001,  ,               false",
        "WITH_EMAIL, ,              a@example.com,  true",
        "WITH_PHONE_OR_EMAIL, ,              ,               false",
        "WITH_PHONE_OR_EMAIL, +15550107001,  ,               true",
        "WITH_PHONE_OR_EMAIL, ,              a@example.com,  true",
        "WITH_PHONE_OR_EMAIL, +15550107001,  a@example.com,  true",
    })
    void wantsWhatItsFilterNames(RegistrationFilter filter, String phone, String email, boolean wanted) {
        var hook = new InstalledApp.FilteredHook(NOTHING, filter);
        assertEquals(wanted, hook.wants(visitor(phone, email)));
    }

    @Test
    void aHookWithoutAFilterMakesThePluginInvalid() {
        RegistrationHook noFilter = new RegistrationHook() {
            @Override
            public RegistrationFilter filter() {
                return null;
            }

            @Override
            public void onVisitorRegistered(RegistrationEvent event, AppContext context) {
            }
        };
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PluginHost.filteredHooks(List.of(NOTHING, noFilter)));
        assertTrue(refused.getMessage().contains("returned no filter"), refused.getMessage());
    }

    @Test
    void eachHookKeepsTheFilterItDeclared() {
        var filtered = PluginHost.filteredHooks(List.of(NOTHING));
        assertEquals(List.of(new InstalledApp.FilteredHook(NOTHING, RegistrationFilter.ALL)), filtered);
    }

    private static Visitor visitor(String phone, String email) {
        return new Visitor("v1", "tok", "guest-1", "Ann", email, phone, null, null, Map.of(), List.of(),
                Instant.EPOCH, Instant.EPOCH, null);
    }
}
