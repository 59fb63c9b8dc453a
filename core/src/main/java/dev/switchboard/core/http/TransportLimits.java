package dev.switchboard.core.http;

/** The HTTP decoder's limits on a request's head (docs/api.md, "Input limits"). */
final class TransportLimits {
    /** The request line: method, path with query, version. Longer → 414. */
    static final int REQUEST_LINE_BYTES = 8192;
    /** All header lines together. Larger → 431. */
    static final int HEADER_BYTES = 16384;

    private TransportLimits() { }
}
