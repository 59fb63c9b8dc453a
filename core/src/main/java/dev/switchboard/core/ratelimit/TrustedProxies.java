package dev.switchboard.core.ratelimit;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} is believed, as CIDR blocks ({@code 10.0.0.0/8}, {@code ::1/128}; a
 * bare address is a single host). With none configured the header is ignored and the peer address counts.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses CIDR blocks; only literal addresses are accepted (no DNS lookups). */
    public static TrustedProxies parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException("Invalid value for option '--trusted-proxies': '" + cidr
                        + "' is not an IP address or CIDR block");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("Invalid value for option '--trusted-proxies': '" + cidr
                            + "' has an invalid prefix length");
                }
            }
            blocks.add(new Block(address, prefix));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(List.copyOf(blocks));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address for rate limiting: the peer, unless the peer is a trusted proxy, in which case
     * {@code X-Forwarded-For} is walked from the right and the first address that is not a trusted proxy counts.
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (blocks.isEmpty() || forwardedFor == null || peer == null || !contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (literal(hop) == null) {
                return client; // garbage: stop at the last address we could trust
            }
            client = hop;
            if (!contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The bytes of a literal IPv4/IPv6 address, or null (never resolves names). */
    static byte[] literal(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = h.indexOf(':') >= 0 && h.matches("[0-9A-Fa-f:.%a-zA-Z]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        // Netty's parser only reads literals; InetAddress.getByName would ask DNS for strings like "999.1.1.1",
        // on the event loop.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(h);
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            return java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
