package io.firstline.supervision;

import io.firstline.sla.SlaTimer;
import reactor.core.publisher.Mono;

/** What happens when an SLA timer fires: warn, report a breach, escalate. */
interface SlaAlarms {

    Mono<Void> fire(SlaTimer timer);
}
