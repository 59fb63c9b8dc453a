package dev.switchboard.spi;

/** Where a visitor registration came from; see {@link RegistrationEvent#source()}. */
public enum RegistrationSource {

    /** A client called Rocket.Chat's REST endpoint {@code POST /api/v1/livechat/visitor}. */
    REST,

    /**
     * An app called {@link VisitorDirectory#register(VisitorRegistration)} or created a visitor through
     * {@link VisitorDirectory#resolveOrCreate(ExternalIdentity, ContactData, VisitorRegistration)}.
     */
    APP
}
