package io.firstline.routing;

import java.util.List;

/**
 * The owner's answer to a {@link RoutingCommand}: for an accept the offer (accepted) or the refusal, for a reject its
 * result, for offers-of the list; nothing else for the other commands.
 */
public record RoutingAnswer(Offer accepted, AcceptOutcome.Reason refused, RoutingEngine.RejectOutcome.Result rejected,
                            List<Offer> offers) {

    static final RoutingAnswer DONE = new RoutingAnswer(null, null, null, null);

    AcceptOutcome acceptOutcome() {
        return accepted != null ? new AcceptOutcome.Accepted(accepted, RoutingDecision.none())
                : new AcceptOutcome.Refused(refused == null ? AcceptOutcome.Reason.UNKNOWN_OFFER : refused);
    }
}
