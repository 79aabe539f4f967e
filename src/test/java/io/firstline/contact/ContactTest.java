package io.firstline.contact;

import io.firstline.kernel.Channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;
import static org.junit.jupiter.params.provider.EnumSource.Mode.INCLUDE;

import java.time.Instant;
import java.util.EnumSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContactTest {

    private static final long ASSIGNEE = 7;
    private static final long OTHER_AGENT = 8;
    private static final long QUEUE = 3;
    private static final long OTHER_QUEUE = 4;
    private static final Instant OPENED = Instant.parse("2025-01-01T09:00:00Z");
    private static final Instant UPDATED = Instant.parse("2025-01-01T09:05:00Z");
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    private static final EnumSet<ContactStatus> ASSIGNED = EnumSet.of(ContactStatus.IN_PROGRESS, ContactStatus.REPLIED,
            ContactStatus.RESOLVED, ContactStatus.FOLLOW_UP, ContactStatus.CLOSED);
    private static final EnumSet<ContactStatus> EVER_ACCEPTED = EnumSet.of(ContactStatus.TRANSFERRED, ContactStatus.IN_PROGRESS,
            ContactStatus.REPLIED, ContactStatus.RESOLVED, ContactStatus.FOLLOW_UP, ContactStatus.CLOSED);

    /** A realistic contact in the given status, assigned to ASSIGNEE who was also its first responder. */
    private static Contact contactIn(ContactStatus status) {
        return Contact.restore(1, 2, Channel.WEBCHAT, QUEUE, status,
                ASSIGNED.contains(status) ? ASSIGNEE : null,
                EVER_ACCEPTED.contains(status) ? ASSIGNEE : null,
                OPENED, UPDATED);
    }

    private static Contact applied(ContactTransition transition, ContactEventKind expectedEvent) {
        assertThat(transition).isInstanceOf(ContactTransition.Applied.class);
        assertThat(((ContactTransition.Applied) transition).event()).isEqualTo(expectedEvent);
        assertThat(transition.contact().updatedAt()).isEqualTo(NOW);
        return transition.contact();
    }

    private static void assertRefusedUnchanged(ContactStatus status, Function<Contact, ContactTransition> move) {
        Contact before = contactIn(status);
        ContactTransition transition = move.apply(before);
        assertThat(transition.applied()).isFalse();
        assertThat(transition).isInstanceOf(ContactTransition.Refused.class);
        assertThat(((ContactTransition.Refused) transition).reason()).isNotBlank();
        assertThat(transition.contact()).isSameAs(before).isEqualTo(contactIn(status));
    }

    @Test
    void aReceivedContactHasNoAssigneeAndNoFirstResponder() {
        Contact contact = Contact.received(1, 2, Channel.PHONE, QUEUE, NOW);
        assertThat(contact.status()).isEqualTo(ContactStatus.RECEIVED);
        assertThat(contact.assigneeId()).isEmpty();
        assertThat(contact.firstResponderId()).isEmpty();
        assertThat(contact.openedAt()).isEqualTo(NOW);
        assertThat(contact.updatedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"RECEIVED", "OFFERED"})
    void enqueueIsAppliedFromReceivedAndOffered(ContactStatus status) {
        assertThat(applied(contactIn(status).enqueue(NOW), ContactEventKind.QUEUED).status()).isEqualTo(ContactStatus.QUEUED);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"RECEIVED", "OFFERED"})
    void enqueueIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.enqueue(NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"QUEUED", "TRANSFERRED"})
    void offerIsAppliedFromQueuedAndTransferred(ContactStatus status) {
        assertThat(applied(contactIn(status).offer(OTHER_AGENT, NOW), ContactEventKind.OFFERED).status())
                .isEqualTo(ContactStatus.OFFERED);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"QUEUED", "TRANSFERRED"})
    void offerIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.offer(ASSIGNEE, NOW));
    }

    @Test
    void acceptIsAppliedFromOfferedAndAssignsTheAgent() {
        Contact accepted = applied(contactIn(ContactStatus.OFFERED).accept(ASSIGNEE, NOW), ContactEventKind.ACCEPTED);
        assertThat(accepted.status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(accepted.assigneeId()).contains(ASSIGNEE);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = "OFFERED")
    void acceptIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.accept(ASSIGNEE, NOW));
    }

    @Test
    void refusalReasonNamesTheMoveAndTheStatus() {
        ContactTransition transition = contactIn(ContactStatus.RESOLVED).accept(ASSIGNEE, NOW);
        assertThat(((ContactTransition.Refused) transition).reason()).isEqualTo("cannot accept a contact that is resolved");
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void replyByTheAssigneeIsApplied(ContactStatus status) {
        assertThat(applied(contactIn(status).reply(ASSIGNEE, NOW), ContactEventKind.REPLIED).status())
                .isEqualTo(ContactStatus.REPLIED);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void replyIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.reply(ASSIGNEE, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void replyByAnotherAgentIsRefused(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.reply(OTHER_AGENT, NOW));
    }

    @Test
    void customerWritingAfterAReplyPutsTheContactBackInProgress() {
        Contact contact = applied(contactIn(ContactStatus.REPLIED).customerWrote(NOW), ContactEventKind.CUSTOMER_WROTE);
        assertThat(contact.status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(contact.assigneeId()).contains(ASSIGNEE);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"RECEIVED", "QUEUED", "OFFERED", "IN_PROGRESS", "TRANSFERRED"})
    void customerWritingToAnOpenContactKeepsItsStatus(ContactStatus status) {
        assertThat(status.isOpen()).isTrue();
        assertThat(applied(contactIn(status).customerWrote(NOW), ContactEventKind.CUSTOMER_WROTE).status()).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"RESOLVED", "FOLLOW_UP", "CLOSED"})
    void customerWritingToAContactThatIsNotOpenIsRefused(ContactStatus status) {
        assertThat(status.isOpen()).isFalse();
        assertRefusedUnchanged(status, contact -> contact.customerWrote(NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void transferToQueueFreesTheContactForRouting(ContactStatus status) {
        Contact contact = applied(contactIn(status).transferToQueue(OTHER_QUEUE, ASSIGNEE, NOW), ContactEventKind.TRANSFERRED);
        assertThat(contact.status()).isEqualTo(ContactStatus.TRANSFERRED);
        assertThat(contact.queueId()).isEqualTo(OTHER_QUEUE);
        assertThat(contact.assigneeId()).isEmpty();
        assertThat(contact.firstResponderId()).contains(ASSIGNEE);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void transferToQueueIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.transferToQueue(OTHER_QUEUE, ASSIGNEE, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void transferByANonAssigneeIsRefused(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.transferToQueue(OTHER_QUEUE, OTHER_AGENT, NOW));
        assertRefusedUnchanged(status, contact -> contact.transferToAgent(99, OTHER_AGENT, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void transferToAgentHandsOverButKeepsTheFirstResponder(ContactStatus status) {
        Contact contact = applied(contactIn(status).transferToAgent(OTHER_AGENT, ASSIGNEE, NOW), ContactEventKind.TRANSFERRED);
        assertThat(contact.status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(contact.assigneeId()).contains(OTHER_AGENT);
        assertThat(contact.firstResponderId()).contains(ASSIGNEE);
        assertThat(contact.queueId()).isEqualTo(QUEUE);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void transferToAgentIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.transferToAgent(OTHER_AGENT, ASSIGNEE, NOW));
    }

    @Test
    void transferToTheCurrentAssigneeIsRefused() {
        assertRefusedUnchanged(ContactStatus.IN_PROGRESS, contact -> contact.transferToAgent(ASSIGNEE, ASSIGNEE, NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void resolveByTheAssigneeIsApplied(ContactStatus status) {
        assertThat(applied(contactIn(status).resolve(ASSIGNEE, NOW), ContactEventKind.RESOLVED).status())
                .isEqualTo(ContactStatus.RESOLVED);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"IN_PROGRESS", "REPLIED"})
    void resolveIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.resolve(ASSIGNEE, NOW));
    }

    @Test
    void resolveByTheFirstResponderIsAppliedAfterAHandOver() {
        Contact handedOver = contactIn(ContactStatus.IN_PROGRESS).transferToAgent(OTHER_AGENT, ASSIGNEE, NOW).contact();
        assertThat(applied(handedOver.resolve(ASSIGNEE, NOW), ContactEventKind.RESOLVED).status())
                .isEqualTo(ContactStatus.RESOLVED);
    }

    @Test
    void resolveByAnUninvolvedAgentIsRefused() {
        assertRefusedUnchanged(ContactStatus.IN_PROGRESS, contact -> contact.resolve(OTHER_AGENT, NOW));
    }

    @Test
    void startFollowUpIsAppliedFromResolved() {
        assertThat(applied(contactIn(ContactStatus.RESOLVED).startFollowUp(NOW), ContactEventKind.FOLLOW_UP_STARTED).status())
                .isEqualTo(ContactStatus.FOLLOW_UP);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = "RESOLVED")
    void startFollowUpIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.startFollowUp(NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"RESOLVED", "FOLLOW_UP"})
    void closeIsAppliedFromResolvedAndFollowUp(ContactStatus status) {
        assertThat(applied(contactIn(status).close(NOW), ContactEventKind.CLOSED).status()).isEqualTo(ContactStatus.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"RESOLVED", "FOLLOW_UP"})
    void closeIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.close(NOW));
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = INCLUDE, names = {"RESOLVED", "FOLLOW_UP", "CLOSED"})
    void reopenAssignsTheFirstResponder(ContactStatus status) {
        Contact resolvedByOther = Contact.restore(1, 2, Channel.EMAIL, QUEUE, status, OTHER_AGENT, ASSIGNEE, OPENED, UPDATED);
        Contact reopened = applied(resolvedByOther.reopen(NOW), ContactEventKind.REOPENED);
        assertThat(reopened.status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(reopened.assigneeId()).contains(ASSIGNEE);
        assertThat(reopened.firstResponderId()).contains(ASSIGNEE);
    }

    @ParameterizedTest
    @EnumSource(value = ContactStatus.class, mode = EXCLUDE, names = {"RESOLVED", "FOLLOW_UP", "CLOSED"})
    void reopenIsRefusedElsewhere(ContactStatus status) {
        assertRefusedUnchanged(status, contact -> contact.reopen(NOW));
    }

    @Test
    void reopenWithoutAFirstResponderIsRefused() {
        Contact neverAccepted = Contact.restore(1, 2, Channel.EMAIL, QUEUE, ContactStatus.RESOLVED, null, null, OPENED, UPDATED);
        ContactTransition transition = neverAccepted.reopen(NOW);
        assertThat(transition.applied()).isFalse();
        assertThat(transition.contact()).isSameAs(neverAccepted);
    }

    @Test
    void firstResponderIsSetOnFirstAcceptOnly() {
        Contact firstAccept = Contact.received(1, 2, Channel.PHONE, QUEUE, OPENED)
                .enqueue(NOW).contact().offer(ASSIGNEE, NOW).contact().accept(ASSIGNEE, NOW).contact();
        assertThat(firstAccept.firstResponderId()).contains(ASSIGNEE);

        Contact reAccepted = Contact.restore(1, 2, Channel.PHONE, QUEUE, ContactStatus.OFFERED, null, ASSIGNEE, OPENED, UPDATED)
                .accept(OTHER_AGENT, NOW).contact();
        assertThat(reAccepted.assigneeId()).contains(OTHER_AGENT);
        assertThat(reAccepted.firstResponderId()).contains(ASSIGNEE);
    }

    @Test
    void afterTransferToQueueAnotherAgentTakesOverWhileTheFirstResponderStays() {
        Contact contact = Contact.received(1, 2, Channel.WECHAT, QUEUE, OPENED)
                .enqueue(NOW).contact()
                .offer(ASSIGNEE, NOW).contact()
                .accept(ASSIGNEE, NOW).contact()
                .transferToQueue(OTHER_QUEUE, ASSIGNEE, NOW).contact()
                .offer(OTHER_AGENT, NOW).contact()
                .accept(OTHER_AGENT, NOW).contact();
        assertThat(contact.status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(contact.queueId()).isEqualTo(OTHER_QUEUE);
        assertThat(contact.assigneeId()).contains(OTHER_AGENT);
        assertThat(contact.firstResponderId()).contains(ASSIGNEE);
    }

    @Test
    void transitionsLeaveTheOriginalContactUntouched() {
        Contact original = contactIn(ContactStatus.IN_PROGRESS);
        original.transferToQueue(OTHER_QUEUE, ASSIGNEE, NOW);
        assertThat(original).isEqualTo(contactIn(ContactStatus.IN_PROGRESS));
    }

    @ParameterizedTest
    @EnumSource(ContactStatus.class)
    void statusWireNameRoundTrips(ContactStatus status) {
        assertThat(ContactStatus.fromWireName(status.wireName())).isEqualTo(status);
    }

    @Test
    void wireNamesAreLowerCaseWithUnderscores() {
        assertThat(ContactStatus.IN_PROGRESS.wireName()).isEqualTo("in_progress");
        assertThat(ContactEventKind.FOLLOW_UP_STARTED.wireName()).isEqualTo("follow_up_started");
        assertThat(Channel.WEBCHAT.wireName()).isEqualTo("webchat");
    }

    @Test
    void unknownStatusWireNameIsRejected() {
        assertThatThrownBy(() -> ContactStatus.fromWireName("pending")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void channelWireNameRoundTrips(Channel channel) {
        assertThat(Channel.fromWireName(channel.wireName())).contains(channel);
    }

    @Test
    void unknownChannelWireNameIsEmpty() {
        assertThat(Channel.fromWireName("fax")).isEmpty();
        assertThat(Channel.fromWireName(null)).isEmpty();
    }
}
