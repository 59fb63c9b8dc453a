package dev.switchboard.plugins.testing.attacher;

import dev.switchboard.spi.AppContext;
import dev.switchboard.spi.ErasedVisitor;
import dev.switchboard.spi.ErasureHook;
import dev.switchboard.spi.ExternalId;
import java.util.Map;
import org.pf4j.Extension;

/** Records each erasure in the store: key {@code erased/<visitorId>}, value {@code {entityIds:[…], appIds:[…]}}. */
@Extension
public class AttacherErasureHook implements ErasureHook {

    @Override
    public void onVisitorErased(ErasedVisitor erased, AppContext context) {
        byte[] record = context.json().write(Map.of(
                "entityIds", erased.externalIds().stream().map(ExternalId::entityId).toList(),
                "appIds", erased.externalIds().stream().map(ExternalId::appId).toList()));
        context.store().put("erased/" + erased.id(), record);
    }
}
