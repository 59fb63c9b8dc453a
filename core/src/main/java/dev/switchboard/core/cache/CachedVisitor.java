package dev.switchboard.core.cache;

import dev.switchboard.core.visitor.Visitor;
import java.util.function.Function;

/**
 * A cached visitor and, once asked for, its rendered response: a cache hit then costs no rendering. The entry is
 * replaced whenever the visitor changes, so the rendering can never be stale.
 */
public final class CachedVisitor {
    private final Visitor visitor;
    private volatile byte[] rendered;

    CachedVisitor(Visitor visitor) {
        this.visitor = visitor;
    }

    public Visitor visitor() {
        return visitor;
    }

    /** The response {@code renderer} makes of this visitor, made once (a race renders twice, harmlessly). */
    public byte[] rendered(Function<Visitor, byte[]> renderer) {
        byte[] bytes = rendered;
        if (bytes == null) {
            bytes = renderer.apply(visitor);
            rendered = bytes;
        }
        return bytes;
    }
}
