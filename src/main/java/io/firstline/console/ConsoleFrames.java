package io.firstline.console;

import io.firstline.channel.ReplyFailed;
import io.firstline.contact.ContactAssigned;
import io.firstline.contact.ContactReopened;
import io.firstline.contact.ContactResolved;
import io.firstline.contact.MessageReceived;
import io.firstline.followup.FollowUpDue;
import io.firstline.kernel.DomainEvent;
import io.firstline.kernel.DomainEventListener;
import io.firstline.report.ReportReady;
import io.firstline.routing.AgentPresenceChanged;
import io.firstline.routing.OfferMade;
import io.firstline.routing.OfferRevoked;
import io.firstline.handover.ShiftAlert;
import io.firstline.supervision.ContactEscalated;
import io.firstline.supervision.DeadlineBreached;
import io.firstline.supervision.DeadlineWarned;
import io.firstline.supervision.DeadlinesMoved;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into console frames for the agents they concern: the frame protocol of
 * {@code /ws/console} (type names and data) lives here and nowhere else.
 */
@Component
class ConsoleFrames implements DomainEventListener {

    private static final Set<Class<? extends DomainEvent>> HANDLED = Set.of(OfferMade.class, OfferRevoked.class,
            AgentPresenceChanged.class, ContactAssigned.class, MessageReceived.class, ReplyFailed.class,
            ContactResolved.class, ContactReopened.class, FollowUpDue.class, DeadlineWarned.class,
            DeadlineBreached.class, ContactEscalated.class, ReportReady.class,
            ShiftAlert.class, DeadlinesMoved.class);

    private final ConsoleHub hub;

    ConsoleFrames(ConsoleHub hub) {
        this.hub = hub;
    }

    @Override
    public boolean accepts(Class<? extends DomainEvent> type) {
        return HANDLED.contains(type);
    }

    @Override
    public void on(DomainEvent event) {
        if (event instanceof OfferMade made) {
            hub.publish(made.offer().agentId(), "offer", OfferFrames.offer(made.offer()));
        } else if (event instanceof OfferRevoked revoked) {
            hub.publish(revoked.agentId(), "offer.revoked",
                    Map.of("offerId", revoked.offerId(), "contactId", revoked.contactId(), "reason", revoked.reason()));
        } else if (event instanceof AgentPresenceChanged changed) {
            hub.publish(changed.agentId(), "agent.state",
                    Map.of("state", changed.state().wireName(), "since", changed.since(), "reason", changed.reason()));
        } else if (event instanceof ContactAssigned assigned) {
            hub.publish(assigned.agentId(), "contact.assigned", assigned.contact());
        } else if (event instanceof MessageReceived received) {
            toEach(received.recipients(), "message.new", Map.of("contactId", received.contactId()));
        } else if (event instanceof ReplyFailed failed) {
            hub.publish(failed.agentId(), "message.failed", Map.of("contactId", failed.contactId(),
                    "messageId", failed.messageId(), "code", failed.code(), "reason", failed.reason()));
        } else if (event instanceof ContactResolved resolved) {
            hub.publish(resolved.firstResponderId(), "contact.resolved", resolved.contact());
        } else if (event instanceof ContactReopened reopened) {
            hub.publish(reopened.firstResponderId(), "contact.reopened", reopened.contact());
        } else if (event instanceof FollowUpDue due) {
            hub.publish(due.task().assigneeId(), "follow_up.due", due.task());
        } else if (event instanceof DeadlineWarned warned) {
            toEach(warned.recipients(), "sla.warning",
                    deadline(warned.contactId(), warned.deadline(), warned.at(), warned.type()));
        } else if (event instanceof DeadlineBreached breached) {
            toEach(breached.recipients(), "sla.breached",
                    deadline(breached.contactId(), breached.deadline(), breached.at(), breached.type()));
        } else if (event instanceof ContactEscalated escalated) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("contactId", escalated.contactId());
            data.put("level", escalated.level());
            data.put("reason", escalated.reason());
            toEach(escalated.recipients(), "contact.escalated", data);
        } else if (event instanceof ReportReady ready) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("archiveId", ready.archiveId());
            data.put("kind", ready.kind());
            data.put("from", ready.from());
            data.put("to", ready.to());
            toEach(ready.recipients(), "report.ready", data);
        } else if (event instanceof DeadlinesMoved moved) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("contactId", moved.contactId());
            data.put("type", moved.type());
            data.put("deadlines", moved.moved().stream().map(deadline -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("deadline", deadline.deadline());
                one.put("previousDueAt", deadline.previousDueAt());
                one.put("dueAt", deadline.dueAt());
                one.put("withoutHolidayData", deadline.withoutHolidayData());
                return one;
            }).toList());
            toEach(moved.recipients(), "sla.deadlines_moved", data);
        } else if (event instanceof ShiftAlert alert) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("shiftStart", alert.shiftStart());
            data.put("reason", alert.reason());
            toEach(alert.recipients(), "shift.alert", data);
        }
    }

    private void toEach(List<Long> recipients, String type, Object data) {
        new LinkedHashSet<>(recipients).forEach(agentId -> hub.publish(agentId, type, data));
    }

    private static Map<String, Object> deadline(long contactId, String deadline, java.time.Instant at, String type) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", contactId);
        data.put("deadline", deadline);
        data.put("at", at);
        data.put("type", type);
        return data;
    }
}
