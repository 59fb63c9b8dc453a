package dev.switchboard.core.http;

import dev.switchboard.core.ratelimit.TrustedProxies;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per peer address, shared by every event loop, so one client cannot hold more than its share
 * of sockets. Counted by the socket's peer address: {@code X-Forwarded-For} arrives only with a request, after the
 * connection is accepted, so trusted proxies (which carry many clients on their connections) are not counted.
 */
final class ClientConnections {
    private final int perClient;
    private final TrustedProxies proxies;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ClientConnections(int perClient, TrustedProxies proxies) {
        this.perClient = perClient;
        this.proxies = proxies;
    }

    /** Counts a new connection from {@code address}; false (and not counted) when the address holds its share. */
    boolean tryOpen(String address) {
        if (proxies.contains(address)) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < perClient;
            return admitted[0] ? current + 1 : count;
        });
        return admitted[0];
    }

    /** Forgets a connection {@link #tryOpen} admitted. */
    void closed(String address) {
        if (!proxies.contains(address)) {
            open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }
}
