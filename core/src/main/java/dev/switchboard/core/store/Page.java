package dev.switchboard.core.store;

import java.util.List;

/** One page of a listing and how many items the whole listing has. */
public record Page<T>(List<T> items, long total) {
    public Page {
        items = List.copyOf(items);
    }
}
