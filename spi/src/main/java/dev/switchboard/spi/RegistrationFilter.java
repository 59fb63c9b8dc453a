package dev.switchboard.spi;

/**
 * Which registrations a {@link RegistrationHook} is called for, declared by {@link RegistrationHook#filter()}.
 * The host applies it before calling the hook, so a registration the hook would ignore costs it nothing: no
 * worker thread, no time budget, no call.
 */
public enum RegistrationFilter {

    /** Every registration. */
    ALL,

    /** Registrations whose visitor, as stored, has at least one phone number ({@link Visitor#phones()}). */
    WITH_PHONE,

    /** Registrations whose visitor, as stored, has at least one email address ({@link Visitor#emails()}). */
    WITH_EMAIL,

    /**
     * Registrations whose visitor, as stored, has a phone number or an email address (either, or both): the
     * any-of filter a bridge that links by "phone or email" needs.
     *
     * @since 1.4.0
     */
    WITH_PHONE_OR_EMAIL
}
