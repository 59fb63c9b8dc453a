package dev.switchboard.core.config;

/**
 * Whether a registration through the visitor API may land on a visitor by phone or email (docs/api.md,
 * "Matching"). Apps acting through the SPI always may: they vouch for the contact data they pass.
 */
public enum VisitorMatching {
    /**
     * The default. Only the token proves a visitor: a registration whose token is new makes a new visitor even when
     * its phone or email is another visitor's, so a caller who knows only a phone or an email learns and changes
     * nothing of that visitor.
     */
    STRICT,
    /**
     * Rocket.Chat's rules: a new token with a known phone lands on that visitor and is answered with its token and
     * data; with a known email the visitor is moved to the new token. Anyone who knows a visitor's phone or email
     * can take the visitor over.
     */
    ROCKETCHAT;

    /** Whether a visitor-API registration may match by phone or email. */
    public boolean matchesContacts() {
        return this == ROCKETCHAT;
    }

    /** The flag's spelling: {@code strict} or {@code rocketchat}. */
    public String wireName() {
        return WireNames.of(this);
    }
}
