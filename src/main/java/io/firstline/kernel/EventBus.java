package io.firstline.kernel;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one in-process event bus between modules: a module publishes a typed {@link DomainEvent}, every
 * {@link DomainEventListener} that accepts its type gets it, synchronously and in publishing order. The bus holds
 * no queue of its own, so it cannot grow: each listener is non-blocking and owns a bounded queue with its own
 * overflow policy. A failing listener is logged and counted and never reaches the publisher or other listeners.
 * In Kafka mode an {@link EventRelay} is one more listener: it carries every event to the other nodes, which hand
 * it to their own listeners through {@link #deliverFromPeer} (relays skipped, so nothing loops).
 */
@Component
public class EventBus {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private final ObjectProvider<DomainEventListener> listenerBeans;
    private final ConcurrentMap<Class<? extends DomainEvent>, List<DomainEventListener>> byType = new ConcurrentHashMap<>();
    private volatile List<DomainEventListener> listeners;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    /** Listeners are looked up on first use, so a listener may itself depend on a publisher. */
    public EventBus(ObjectProvider<DomainEventListener> listeners) {
        this.listenerBeans = listeners;
    }

    /** For tests and plain-Java wiring. */
    public static EventBus of(List<DomainEventListener> listeners) {
        EventBus bus = new EventBus(null);
        bus.listeners = List.copyOf(listeners);
        return bus;
    }

    public void publish(DomainEvent event) {
        deliver(event, true);
    }

    /** An event another node published: to this node's listeners only, never back to a relay. */
    public void deliverFromPeer(DomainEvent event) {
        deliver(event, false);
    }

    private void deliver(DomainEvent event, boolean relay) {
        for (DomainEventListener listener : listenersOf(event.getClass())) {
            if (!relay && listener instanceof EventRelay) {
                continue;
            }
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("Listener {} failed on {}: {}", listener.getClass().getSimpleName(),
                        event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Listener failures since start (each logged). */
    public long failures() {
        return failures.get();
    }

    private List<DomainEventListener> listenersOf(Class<? extends DomainEvent> type) {
        return byType.computeIfAbsent(type, t -> all().stream().filter(listener -> listener.accepts(t)).toList());
    }

    private List<DomainEventListener> all() {
        List<DomainEventListener> known = listeners;
        if (known == null) {
            known = listenerBeans.orderedStream().toList();
            listeners = known;
        }
        return known;
    }
}
