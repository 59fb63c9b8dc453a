package dev.switchboard.core.visitor;

/** One {@code {key, value, overwrite}} item of a registration's {@code customFields}. */
public record CustomFieldValue(String key, String value, boolean overwrite) { }
