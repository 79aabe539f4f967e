package io.firstline.routing;

import java.util.List;
import java.util.Map;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactView;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.security.CurrentAgent;
import io.firstline.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An agent answers an offer: accept makes them the assignee (and first responder the first time). */
@RestController
@RequestMapping("/api/v1/offers")
class OfferController {

    private static final Logger log = LoggerFactory.getLogger(OfferController.class);

    private final RoutingEngine routing;
    private final ContactService contacts;
    private final List<OfferListener> listeners;

    OfferController(RoutingEngine routing, ContactService contacts, List<OfferListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.routing = routing;
        this.contacts = contacts;
    }

    @PostMapping("/{offerId}/accept")
    Mono<ContactView> accept(@PathVariable String offerId) {
        return CurrentAgent.get().flatMap(agent -> routing.accept(offerId, agent.agentId())
                .flatMap(outcome -> outcome instanceof AcceptOutcome.Accepted accepted
                        ? record(accepted.offer(), agent)
                        : Mono.error(refusal(offerId, ((AcceptOutcome.Refused) outcome).reason()))));
    }

    private static RuntimeException refusal(String offerId, AcceptOutcome.Reason reason) {
        return switch (reason) {
            case UNKNOWN_OFFER -> Problems.notFound("offer " + offerId + " does not exist or was already answered");
            case EXPIRED -> Problems.conflict("offer " + offerId + " is no longer open: it expired or was already answered");
            case NOT_YOURS -> Problems.forbidden("offer " + offerId + " was made to another agent");
        };
    }

    private Mono<ContactView> record(Offer offer, AgentPrincipal agent) {
        long contactId = offer.contact().contactId();
        return contacts.accept(contactId, agent.agentId(), agent.username())
                .onErrorResume(e -> {
                    log.warn("Accepted offer {} could not be recorded: {}", offer.offerId(), e.toString());
                    // The router already counted the assignment: undo it so neither the agent nor the contact is stuck.
                    Mono<Void> undo = e instanceof IllegalStateException
                            ? routing.release(agent.agentId(), offer.contact().channel())
                            : routing.giveBack(agent.agentId(), offer.contact());
                    return undo.then(Mono.error(e instanceof IllegalStateException
                            ? Problems.conflict("contact " + contactId + " can no longer be accepted: " + e.getMessage())
                            : e));
                })
                // Channel hooks (phone: tell the telephony side whom to ring); a failing hook never undoes the accept.
                .flatMap(view -> Flux.fromIterable(listeners)
                        .concatMap(listener -> Mono.defer(() -> listener.accepted(offer, agent.agentId()))
                                .onErrorResume(e -> {
                                    log.warn("Offer listener failed after offer {} was accepted: {}", offer.offerId(), e.toString());
                                    return Mono.empty();
                                }))
                        .then(Mono.just(view)));
    }

    @PostMapping("/{offerId}/reject")
    Mono<Map<String, Object>> reject(@PathVariable String offerId) {
        return CurrentAgent.get().flatMap(agent -> routing.reject(offerId, agent.agentId()))
                .flatMap(outcome -> switch (outcome.result()) {
                    case REJECTED -> Mono.just(Map.<String, Object>of("offerId", offerId, "rejected", true));
                    case UNKNOWN_OFFER -> Mono.error(Problems.notFound("offer " + offerId + " does not exist or was already answered"));
                    case NOT_YOURS -> Mono.error(Problems.forbidden("offer " + offerId + " was made to another agent"));
                });
    }
}
