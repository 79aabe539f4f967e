package io.firstline.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {

    record Offered(long agentId) implements DomainEvent {
    }

    record Resolved(long contactId) implements DomainEvent {
    }

    /** Takes the types it is given, remembers what it got, and fails on demand. */
    static final class Recorder implements DomainEventListener {
        final List<DomainEvent> seen = new ArrayList<>();
        final List<Class<?>> wanted;
        final boolean fails;

        Recorder(boolean fails, Class<?>... wanted) {
            this.fails = fails;
            this.wanted = List.of(wanted);
        }

        @Override
        public boolean accepts(Class<? extends DomainEvent> type) {
            return wanted.contains(type);
        }

        @Override
        public void on(DomainEvent event) {
            seen.add(event);
            if (fails) {
                throw new IllegalStateException("listener broke");
            }
        }
    }

    @Test
    void eachListenerGetsTheTypesItAcceptsInPublishingOrder() {
        Recorder offers = new Recorder(false, Offered.class);
        Recorder everything = new Recorder(false, Offered.class, Resolved.class);
        EventBus bus = EventBus.of(List.of(offers, everything));

        bus.publish(new Offered(1));
        bus.publish(new Resolved(7));
        bus.publish(new Offered(2));

        assertThat(offers.seen).containsExactly(new Offered(1), new Offered(2));
        assertThat(everything.seen).containsExactly(new Offered(1), new Resolved(7), new Offered(2));
    }

    @Test
    void aFailingListenerNeitherReachesThePublisherNorStopsTheOthers() {
        Recorder broken = new Recorder(true, Offered.class);
        Recorder healthy = new Recorder(false, Offered.class);
        EventBus bus = EventBus.of(List.of(broken, healthy));

        bus.publish(new Offered(1));
        bus.publish(new Offered(2));

        assertThat(healthy.seen).containsExactly(new Offered(1), new Offered(2));
        assertThat(broken.seen).hasSize(2);
        assertThat(bus.failures()).isEqualTo(2);
    }

    @Test
    void anEventNobodyListensToIsDropped() {
        Recorder offers = new Recorder(false, Offered.class);
        EventBus bus = EventBus.of(List.of(offers));

        bus.publish(new Resolved(3));

        assertThat(offers.seen).isEmpty();
        assertThat(bus.failures()).isZero();
    }

    /** Carries events on, as the Kafka relay does. */
    static final class Relay implements EventRelay {
        final List<DomainEvent> carried = new ArrayList<>();

        @Override
        public boolean accepts(Class<? extends DomainEvent> type) {
            return true;
        }

        @Override
        public void on(DomainEvent event) {
            carried.add(event);
        }
    }

    @Test
    void anEventFromAnotherNodeReachesTheListenersButNeverGoesBackToTheRelay() {
        Recorder offers = new Recorder(false, Offered.class);
        Relay relay = new Relay();
        EventBus bus = EventBus.of(List.of(offers, relay));

        bus.publish(new Offered(1));
        bus.deliverFromPeer(new Offered(2));

        assertThat(offers.seen).containsExactly(new Offered(1), new Offered(2));
        assertThat(relay.carried).containsExactly(new Offered(1));
    }
}
