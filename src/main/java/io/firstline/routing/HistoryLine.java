package io.firstline.routing;

import io.firstline.agent.Agents;
import io.firstline.contact.OfferHistoryLine;
import reactor.core.publisher.Mono;

/**
 * One line of the offer history as the writer holds it: a contact's or an agent's row, which the writer stores many
 * at a time ({@link HistoryChunk}), or a channel hook (phone: the call's offered time), run on its own.
 */
sealed interface HistoryLine {

    record ContactLine(OfferHistoryLine line) implements HistoryLine {
    }

    record AgentLine(Agents.SavedState state) implements HistoryLine {
    }

    record HookLine(Mono<Void> write) implements HistoryLine {
    }
}
