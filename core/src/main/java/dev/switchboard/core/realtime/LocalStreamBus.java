package dev.switchboard.core.realtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscribers, by stream and event name. {@link #publish} calls each matching listener on the
 * publishing thread; a listener that throws is logged and the others still hear the event.
 */
public final class LocalStreamBus implements StreamBus {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStreamBus.class);

    private final Map<String, Set<Consumer<StreamEvent>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(StreamEvent event) {
        Set<Consumer<StreamEvent>> heard = listeners.get(key(event.stream(), event.eventName()));
        if (heard == null) {
            return;
        }
        for (Consumer<StreamEvent> listener : heard) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("A {} listener failed: {}", event.stream(), e.toString());
            }
        }
    }

    /** One node: heard when this node has a subscriber (an empty set of listeners is removed). */
    @Override
    public boolean heard(String stream, String eventName) {
        return listeners.containsKey(key(stream, eventName));
    }

    @Override
    public Subscription subscribe(String stream, String eventName, Consumer<StreamEvent> listener) {
        String key = key(stream, eventName);
        listeners.computeIfAbsent(key, ignored -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(key, (ignored, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    private static String key(String stream, String eventName) {
        return stream + '\u0000' + eventName;
    }
}
