package dev.switchboard.spi;

/**
 * The outcome of {@link SwitchboardApp#onEnable(AppContext)}.
 *
 * <p>A refusal keeps the app disabled; the host records the reason and shows it with the app's status.
 *
 * @param enabled true to let the app start serving, false to refuse
 * @param reason  why the app refused, shown to administrators; null when enabled, never blank when refused
 */
public record EnableResult(boolean enabled, String reason) {

    private static final EnableResult OK = new EnableResult(true, null);

    /**
     * Validates that a refusal carries a reason.
     *
     * @param enabled the enabled component
     * @param reason the reason component
     * @throws IllegalArgumentException if {@code enabled} is false and {@code reason} is null or blank
     */
    public EnableResult {
        if (!enabled && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a refusal needs a non-blank reason");
        }
    }

    /**
     * Lets the app be enabled.
     *
     * @return the enabled result
     */
    public static EnableResult ok() {
        return OK;
    }

    /**
     * Refuses to enable the app.
     *
     * @param reason what is wrong and how to fix it, for example {@code "setting access-token is not set"}
     * @return a refusal
     * @throws IllegalArgumentException if {@code reason} is null or blank
     */
    public static EnableResult refuse(String reason) {
        return new EnableResult(false, reason);
    }
}
