package io.jcalico.policy.model;

/** A named port of an endpoint: rules may refer to {@code name} instead of a number. */
public record NamedPort(String name, int protocol, int port) {}
