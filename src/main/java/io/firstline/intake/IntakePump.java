package io.firstline.intake;

import io.firstline.console.ConsoleHub;
import io.firstline.routing.RoutingEngine;
import io.firstline.supervision.SlaNotifier;
import io.firstline.supervision.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Feeds the intake log's deliveries to the processor: envelopes of one conversation
 * in order (one lane each), lanes in parallel with a fixed bound. Each delivery is
 * settled after its transaction; contacts that start waiting go to routing.
 */
@Component
class IntakePump implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IntakePump.class);

    private final IntakeLog intake;
    private final IntakeProcessor processor;
    private final RoutingEngine routing;
    private final ConsoleHub console;
    private final IntakeProperties properties;
    private final Supervision supervision;
    private final SlaNotifier notifier;
    private Disposable pump;
    private volatile boolean running;

    IntakePump(IntakeLog intake, IntakeProcessor processor, RoutingEngine routing, ConsoleHub console,
               IntakeProperties properties, Supervision supervision, SlaNotifier notifier) {
        this.supervision = supervision;
        this.notifier = notifier;
        this.intake = intake;
        this.processor = processor;
        this.routing = routing;
        this.console = console;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
        if (pump != null && !pump.isDisposed()) {
            return; // restarted after a pause: the subscription was kept, deliveries simply continue
        }
        // (A log that ends its deliveries when stopped, like Kafka's, is subscribed again.)
        int lanes = properties.lanes();
        pump = intake.deliveries()
                .groupBy(delivery -> Math.floorMod(delivery.envelope().conversationKey().hashCode(), lanes))
                .flatMap(lane -> lane.concatMap(this::handle), lanes)
                .subscribe();
    }

    private Mono<Void> handle(IntakeDelivery delivery) {
        return processor.process(delivery.envelope())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("the envelope was not stored")))
                .retryWhen(delivery.retries())
                .doOnNext(processed -> delivery.processed(processed.outcome()))
                .doOnError(delivery::failed)
                .flatMap(this::announce)
                .onErrorResume(e -> {
                    log.warn("Intake of {} {} failed: {}", delivery.envelope().channel().wireName(),
                            delivery.envelope().externalId(), e.toString());
                    return Mono.empty();
                });
    }

    /** After commit: a new contact waits for an agent; a message on a held contact reaches its agent. */
    private Mono<Void> announce(ProcessedEnvelope processed) {
        long contactId = processed.outcome().contactId();
        if (!processed.deadlines().isEmpty()) {
            supervision.watch(contactId, processed.deadlines());
        }
        Mono<Void> escalation = processed.major() ? notifier.escalateMajor(contactId) : Mono.empty();
        processed.assigneeId().ifPresent(agentId -> console.publish(agentId, "message.new",
                java.util.Map.of("contactId", processed.outcome().contactId())));
        // The contact is committed and acknowledged: it must reach routing, so a busy router is retried.
        return escalation.then(processed.toRoute()
                .map(contact -> routing.enqueue(contact).retryWhen(Retry.backoff(8, Duration.ofMillis(50))))
                .orElse(Mono.empty()));
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The log's deliveries can be subscribed once, so the pump is only torn down with the app. */
    @Override
    public void destroy() {
        running = false;
        if (pump != null) {
            pump.dispose();
        }
    }

    @Override
    public int getPhase() {
        return 1;
    }
}
