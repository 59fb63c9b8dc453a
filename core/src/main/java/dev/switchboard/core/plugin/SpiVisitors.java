package dev.switchboard.core.plugin;

import dev.switchboard.core.store.VisitorStore.Erased;
import dev.switchboard.core.visitor.ExternalId;
import dev.switchboard.core.visitor.Visitor;
import java.util.List;

/** Converts the host's visitor types to the SPI's, which plugins see. */
final class SpiVisitors {
    private SpiVisitors() { }

    static dev.switchboard.spi.Visitor toSpi(Visitor visitor) {
        return new dev.switchboard.spi.Visitor(
                visitor.id(),
                visitor.token(),
                visitor.username(),
                visitor.name(),
                listOf(visitor.email()),
                listOf(visitor.phone()),
                visitor.department(),
                visitor.status(),
                visitor.livechatData(),
                visitor.externalIds().stream().map(SpiVisitors::toSpi).toList(),
                visitor.ts(),
                visitor.updatedAt());
    }

    static dev.switchboard.spi.ExternalId toSpi(ExternalId id) {
        return new dev.switchboard.spi.ExternalId(id.appId(), id.entityId(), id.metadata());
    }

    /** The erased visitor as one app sees it: only that app's external ids. */
    static dev.switchboard.spi.ErasedVisitor toSpi(Erased erased, String appId) {
        return new dev.switchboard.spi.ErasedVisitor(
                erased.id(),
                listOf(erased.phone()),
                listOf(erased.email()),
                erased.externalIds().stream().filter(id -> id.appId().equals(appId)).map(SpiVisitors::toSpi)
                        .toList());
    }

    private static List<String> listOf(String value) {
        return value == null ? List.of() : List.of(value);
    }
}
