package dev.switchboard.testkit;

/**
 * A settings change the host would refuse with 400 {@code error-app-setting-unknown} or
 * {@code error-app-setting-invalid}; the message is the one the admin API would answer.
 */
public final class SettingRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String errorType;

    SettingRefusedException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    /**
     * Returns Rocket.Chat's error type the admin API would answer.
     *
     * @return for example {@code error-app-setting-invalid}
     */
    public String errorType() {
        return errorType;
    }
}
