package dev.switchboard.core.settings;

/**
 * A host setting's type, named as Rocket.Chat names it, and the Java value it holds: Rocket.Chat's
 * {@code saveSettings} checks {@code boolean} with {@code check(value, Boolean)}, {@code int} with
 * {@code check(value, Number)} (whole numbers here) and every other type with {@code check(value, String)}.
 */
public enum SettingType {
    BOOLEAN("boolean", Boolean.class),
    INT("number", Integer.class),
    STRING("string", String.class),
    /** A CSS colour, kept as the string an admin typed (Rocket.Chat does not check it either). */
    COLOR("string", String.class),
    /** One of the definition's {@link SettingDefinition#values()}. */
    SELECT("string", String.class),
    /** A language code such as {@code pt-BR}, or empty for the browser's language. */
    LANGUAGE("string", String.class);

    private final String javaScriptType;
    private final Class<?> javaType;

    SettingType(String javaScriptType, Class<?> javaType) {
        this.javaScriptType = javaScriptType;
        this.javaType = javaType;
    }

    /** What JavaScript's {@code typeof} says of a valid value, as Rocket.Chat's Match errors name it. */
    public String javaScriptType() {
        return javaScriptType;
    }

    /** Whether {@code value} (Boolean, Integer or String) is a value of this type. */
    public boolean accepts(Object value) {
        return javaType.isInstance(value);
    }
}
