package dev.switchboard.core.http;

/** The largest values the API accepts; documented in docs/api.md. Longer input is answered with 400. */
public final class InputLimits {
    public static final int BODY_BYTES = 1024 * 1024;
    public static final int TOKEN = 256;
    public static final int NAME = 256;
    public static final int EMAIL = 254;
    public static final int PHONE = 64;
    public static final int DEPARTMENT = 256;
    public static final int USERNAME = 256;
    public static final int CUSTOM_FIELDS = 100;
    public static final int CUSTOM_FIELD_KEY = 100;
    public static final int CUSTOM_FIELD_VALUE = 4096;

    private InputLimits() { }
}
