package dev.switchboard.core.plugin;

/** An app's endpoint answered with a body over the host's cap ({@code --app-response-max-bytes}); none of it is sent. */
public final class AppResponseTooLargeException extends RuntimeException {
    private final String appId;

    AppResponseTooLargeException(String appId, int capBytes) {
        super("App " + appId + " answered with more than " + capBytes + " bytes");
        this.appId = appId;
    }

    public String appId() {
        return appId;
    }
}
