package dev.switchboard.core.store;

import java.util.List;

/**
 * One page of a listing and how many items the whole listing has; {@code capped} when more than {@code total}
 * items exist and the count stopped there, at a bound the caller asked for.
 */
public record Page<T>(List<T> items, long total, boolean capped) {
    public Page {
        items = List.copyOf(items);
    }

    /** A page with an exact total. */
    public Page(List<T> items, long total) {
        this(items, total, false);
    }
}
