package dev.switchboard.core.visitor;

/** Who asked for a registration: a REST client, or a plugin through its visitor directory. */
public enum RegistrationSource { REST, APP }
