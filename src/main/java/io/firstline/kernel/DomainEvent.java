package io.firstline.kernel;

/**
 * Something that happened in one module that others may react to (the console turns these into frames).
 * Events are immutable records named in the past tense and carry what a subscriber needs, so no subscriber
 * has to call back into the module that published them.
 */
public interface DomainEvent {
}
