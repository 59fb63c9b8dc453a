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
    /** A message's text: Rocket.Chat's {@code Message_MaxAllowedSize} default. */
    public static final int MESSAGE = 5000;
    /** Room and message ids (Rocket.Chat's are 17 characters; clients may choose their own message ids). */
    public static final int ID = 128;
    /** An offline message's text. */
    public static final int OFFLINE_MESSAGE = 10_000;
    /** A visitor status, a page title or a page address. */
    public static final int STATUS = 64;
    public static final int PAGE_TEXT = 2048;
    /** The most messages one history page answers with. */
    public static final int HISTORY_PAGE = 1000;

    private InputLimits() { }
}
