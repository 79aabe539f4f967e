package io.firstline.contact;

import io.firstline.kernel.Channel;

import io.firstline.DomainModel;

import static io.firstline.contact.ContactStatus.*;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** A customer's contact: immutable, every move returns a {@link ContactTransition} carrying the next state. */
@DomainModel
public final class Contact {

    /** The lifecycle in one place: which statuses each move may start from. Targets are set by the move itself. */
    private enum Move {
        ENQUEUE("enqueue", ContactEventKind.QUEUED, RECEIVED, OFFERED),
        OFFER("offer", ContactEventKind.OFFERED, QUEUED, TRANSFERRED),
        ACCEPT("accept", ContactEventKind.ACCEPTED, OFFERED),
        REPLY("reply to", ContactEventKind.REPLIED, IN_PROGRESS, REPLIED),
        CUSTOMER_WRITES("take a customer message on", ContactEventKind.CUSTOMER_WROTE,
                RECEIVED, QUEUED, OFFERED, IN_PROGRESS, TRANSFERRED, REPLIED),
        TRANSFER("transfer", ContactEventKind.TRANSFERRED, IN_PROGRESS, REPLIED),
        RESOLVE("resolve", ContactEventKind.RESOLVED, IN_PROGRESS, REPLIED),
        START_FOLLOW_UP("start follow-up on", ContactEventKind.FOLLOW_UP_STARTED, RESOLVED),
        CLOSE("close", ContactEventKind.CLOSED, RESOLVED, FOLLOW_UP),
        REOPEN("reopen", ContactEventKind.REOPENED, RESOLVED, FOLLOW_UP, CLOSED);

        private final String verb;
        private final ContactEventKind event;
        private final Set<ContactStatus> from;

        Move(String verb, ContactEventKind event, ContactStatus first, ContactStatus... rest) {
            this.verb = verb;
            this.event = event;
            this.from = EnumSet.of(first, rest);
        }
    }

    private final long id;
    private final long customerId;
    private final Channel channel;
    private final long queueId;
    private final ContactStatus status;
    private final Long assigneeId;
    private final Long firstResponderId;
    private final Instant openedAt;
    private final Instant updatedAt;

    private Contact(long id, long customerId, Channel channel, long queueId, ContactStatus status,
                    Long assigneeId, Long firstResponderId, Instant openedAt, Instant updatedAt) {
        this.id = id;
        this.customerId = customerId;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.queueId = queueId;
        this.status = Objects.requireNonNull(status, "status");
        this.assigneeId = assigneeId;
        this.firstResponderId = firstResponderId;
        this.openedAt = Objects.requireNonNull(openedAt, "openedAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Where an offer may start from: a contact waiting in a queue, or transferred to one. */
    public static Set<ContactStatus> offerableStatuses() {
        return EnumSet.copyOf(Move.OFFER.from);
    }

    /** While an offer is open; an offer that ends unanswered puts the contact back to wait. */
    public static Set<ContactStatus> offeredStatuses() {
        return EnumSet.copyOf(Move.ACCEPT.from);
    }

    public static Contact received(long id, long customerId, Channel channel, long queueId, Instant at) {
        return new Contact(id, customerId, channel, queueId, RECEIVED, null, null, at, at);
    }

    /**
     * A walk-in or a letter registered by an agent on the console: theirs at once, as its first responder (首问负责制)
     * and assignee; no offer, no queue wait.
     */
    public static Contact registeredBy(long agentId, long customerId, Channel channel, long queueId, Instant at) {
        return new Contact(0, customerId, channel, queueId, IN_PROGRESS, agentId, agentId, at, at);
    }

    public static Contact restore(long id, long customerId, Channel channel, long queueId, ContactStatus status,
                                  Long assigneeId, Long firstResponderId, Instant openedAt, Instant updatedAt) {
        return new Contact(id, customerId, channel, queueId, status, assigneeId, firstResponderId, openedAt, updatedAt);
    }

    public ContactTransition enqueue(Instant at) {
        return attempt(Move.ENQUEUE, () -> moveTo(QUEUED, queueId, assigneeId, at));
    }

    public ContactTransition offer(long agentId, Instant at) {
        return attempt(Move.OFFER, () -> moveTo(OFFERED, queueId, assigneeId, at));
    }

    public ContactTransition accept(long agentId, Instant at) {
        if (!Move.ACCEPT.from.contains(status)) {
            return refusedTo(Move.ACCEPT);
        }
        Long firstResponder = firstResponderId != null ? firstResponderId : agentId;
        return applied(Move.ACCEPT, new Contact(id, customerId, channel, queueId, IN_PROGRESS,
                agentId, firstResponder, openedAt, at));
    }

    public ContactTransition reply(long agentId, Instant at) {
        return attemptAsAssignee(Move.REPLY, agentId, () -> moveTo(REPLIED, queueId, assigneeId, at));
    }

    /**
     * After the resolution the result is fed back to the customer (DOMAIN §3): its first responder (or whoever
     * resolved it) may still write to the customer; the contact stays resolved.
     */
    public boolean takesFeedbackFrom(long agentId) {
        return (status == RESOLVED || status == FOLLOW_UP) && (isAssignee(agentId) || Objects.equals(firstResponderId, agentId));
    }

    public ContactTransition customerWrote(Instant at) {
        ContactStatus next = status == REPLIED ? IN_PROGRESS : status;
        return attempt(Move.CUSTOMER_WRITES, () -> moveTo(next, queueId, assigneeId, at));
    }

    public ContactTransition transferToQueue(long toQueueId, long byAgentId, Instant at) {
        return attemptAsAssignee(Move.TRANSFER, byAgentId, () -> moveTo(TRANSFERRED, toQueueId, null, at));
    }

    public ContactTransition transferToAgent(long toAgentId, long byAgentId, Instant at) {
        if (Move.TRANSFER.from.contains(status) && isAssignee(toAgentId)) {
            return new ContactTransition.Refused(this, "cannot transfer a contact to its current assignee");
        }
        return attemptAsAssignee(Move.TRANSFER, byAgentId, () -> moveTo(IN_PROGRESS, queueId, toAgentId, at));
    }

    public ContactTransition resolve(long agentId, Instant at) {
        if (Move.RESOLVE.from.contains(status) && !isAssignee(agentId) && !Objects.equals(firstResponderId, agentId)) {
            return new ContactTransition.Refused(this, "only the assignee or the first responder may resolve this contact");
        }
        return attempt(Move.RESOLVE, () -> moveTo(RESOLVED, queueId, assigneeId, at));
    }

    public ContactTransition startFollowUp(Instant at) {
        return attempt(Move.START_FOLLOW_UP, () -> moveTo(FOLLOW_UP, queueId, assigneeId, at));
    }

    public ContactTransition close(Instant at) {
        return attempt(Move.CLOSE, () -> moveTo(CLOSED, queueId, assigneeId, at));
    }

    /**
     * The customer is not satisfied — at the follow-up, or when they come back after it was resolved or closed:
     * whoever first took the contact owns it again until they are.
     */
    public ContactTransition reopen(Instant at) {
        if (Move.REOPEN.from.contains(status) && firstResponderId == null) {
            return new ContactTransition.Refused(this, "cannot reopen a contact that no agent has ever accepted");
        }
        return attempt(Move.REOPEN, () -> moveTo(IN_PROGRESS, queueId, firstResponderId, at));
    }

    private ContactTransition attempt(Move move, Supplier<Contact> next) {
        return move.from.contains(status) ? applied(move, next.get()) : refusedTo(move);
    }

    private ContactTransition attemptAsAssignee(Move move, long agentId, Supplier<Contact> next) {
        if (move.from.contains(status) && !isAssignee(agentId)) {
            return new ContactTransition.Refused(this, "only the assignee may " + move.verb + " this contact");
        }
        return attempt(move, next);
    }

    private ContactTransition applied(Move move, Contact next) {
        return new ContactTransition.Applied(next, move.event);
    }

    private ContactTransition refusedTo(Move move) {
        String statusText = status.wireName().replace('_', ' ');
        return new ContactTransition.Refused(this, "cannot " + move.verb + " a contact that is " + statusText);
    }

    private Contact moveTo(ContactStatus next, long nextQueueId, Long nextAssigneeId, Instant at) {
        return new Contact(id, customerId, channel, nextQueueId, next, nextAssigneeId, firstResponderId, openedAt, at);
    }

    private boolean isAssignee(long agentId) {
        return assigneeId != null && assigneeId == agentId;
    }

    public long id() { return id; }
    public long customerId() { return customerId; }
    public Channel channel() { return channel; }
    public long queueId() { return queueId; }
    public ContactStatus status() { return status; }
    public Optional<Long> assigneeId() { return Optional.ofNullable(assigneeId); }
    public Optional<Long> firstResponderId() { return Optional.ofNullable(firstResponderId); }
    public Instant openedAt() { return openedAt; }
    public Instant updatedAt() { return updatedAt; }

    @Override
    public boolean equals(Object other) {
        return other instanceof Contact that && id == that.id && customerId == that.customerId
                && channel == that.channel && queueId == that.queueId && status == that.status
                && Objects.equals(assigneeId, that.assigneeId) && Objects.equals(firstResponderId, that.firstResponderId)
                && openedAt.equals(that.openedAt) && updatedAt.equals(that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, customerId, channel, queueId, status, assigneeId, firstResponderId, openedAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Contact[id=" + id + ", status=" + status.wireName() + ", queueId=" + queueId
                + ", assigneeId=" + assigneeId + ", firstResponderId=" + firstResponderId + ", updatedAt=" + updatedAt + "]";
    }
}
