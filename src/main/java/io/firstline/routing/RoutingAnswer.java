package io.firstline.routing;

import java.util.List;

/**
 * The owner's answer to a {@link RoutingCommand}: for an accept the offer (accepted) or the refusal, for a reject its
 * result, for offers-of the list; nothing else for the other commands. {@code ownerRefused}: the owner did not run the
 * command (null when it did), so the asking node fails at once with the error a local refusal gives instead of
 * waiting out {@code routing-timeout}. Null too in answers from a node of an older release, which never refused.
 */
public record RoutingAnswer(Offer accepted, AcceptOutcome.Reason refused, RoutingEngine.RejectOutcome.Result rejected,
                            List<Offer> offers, OwnerRefusal ownerRefused) {

    static final RoutingAnswer DONE = new RoutingAnswer(null, null, null, null);

    /** Why the owner did not run a command. */
    public enum OwnerRefusal {
        /** Its router refused it ({@link RoutingBusyException}: queue full, history behind) or it does not route the workspace yet. */
        BUSY,
        /** Running it failed. */
        FAILED
    }

    public RoutingAnswer(Offer accepted, AcceptOutcome.Reason refused, RoutingEngine.RejectOutcome.Result rejected,
                         List<Offer> offers) {
        this(accepted, refused, rejected, offers, null);
    }

    /** The owner's answer to a command it did not run: busy for a refusal of its router, failed for anything else. */
    public static RoutingAnswer notRun(Throwable why) {
        return new RoutingAnswer(null, null, null, null,
                why instanceof RoutingBusyException ? OwnerRefusal.BUSY : OwnerRefusal.FAILED);
    }

    /** The owner's answer to a command of a workspace it does not route (yet): the caller retries, as for a busy router. */
    public static RoutingAnswer notRoutedHere() {
        return new RoutingAnswer(null, null, null, null, OwnerRefusal.BUSY);
    }

    AcceptOutcome acceptOutcome() {
        return accepted != null ? new AcceptOutcome.Accepted(accepted, RoutingDecision.none())
                : new AcceptOutcome.Refused(refused == null ? AcceptOutcome.Reason.UNKNOWN_OFFER : refused);
    }
}
