package io.firstline.routing;

import reactor.core.publisher.Mono;

/**
 * Told about offers of contacts, for channels whose provider must act on them (phone: the
 * telephony side rings the agent who accepted). Both methods return lazy work: {@link #offered}
 * is called on the router thread and must only build the Mono (it runs on the ordered history
 * writer); {@link #accepted} runs after the acceptance is committed, and its failure never undoes it.
 */
public interface OfferListener {

    default Mono<Void> offered(Offer offer) {
        return Mono.empty();
    }

    default Mono<Void> accepted(Offer offer, long agentId) {
        return Mono.empty();
    }
}
