package io.firstline.kernel;

/**
 * An event where only the newest matters (live figures): a relay to other nodes may send it best effort and may
 * drop it, since the next one replaces it. Every other event is carried reliably ({@code acks=all}).
 */
public interface TransientEvent extends DomainEvent {
}
