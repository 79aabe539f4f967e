package io.firstline.kernel;

/**
 * A subscriber of the {@link EventBus}. Called on the publisher's thread (often the router's or an event loop):
 * it must not block and must not do I/O inline — it hands the event on to its own bounded queue (the console:
 * each socket's queue, which closes a socket that falls behind so its client resumes).
 */
public interface DomainEventListener {

    /** Whether this listener wants events of this type; asked once per type. */
    boolean accepts(Class<? extends DomainEvent> type);

    void on(DomainEvent event);
}
