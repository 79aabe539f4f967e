package io.firstline.contact;

import io.firstline.sla.StepEvent;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The port through which a step done on a contact meets its deadlines (supervision implements it): {@link #meet}
 * inside the step's transaction, {@link #stopTimers} once it committed.
 */
public interface DeadlineSteps {

    /** Meets every deadline of the contact not met yet that {@code event} meets; emits their names. */
    Mono<List<String>> meet(long contactId, StepEvent event, String actor, Instant at);

    /** After the commit: the met deadlines no longer warn, breach or escalate. */
    void stopTimers(long contactId, List<String> deadlines);
}
