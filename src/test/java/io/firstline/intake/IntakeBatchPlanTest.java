package io.firstline.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.Channel;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactEventKind;
import io.firstline.contact.ContactStatus;
import io.firstline.intake.IntakeBatchPlan.Duplicate;
import io.firstline.intake.IntakeBatchPlan.Joined;
import io.firstline.intake.IntakeBatchPlan.Opened;
import io.firstline.routing.RoutingQueue;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import org.junit.jupiter.api.Test;

/** A micro-batch decides, in order, what processing its envelopes one by one would. */
class IntakeBatchPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");
    private static final Map<Channel, RoutingQueue> QUEUES = Map.of(
            Channel.WEBCHAT, new RoutingQueue(1, "webchat", "webchat"),
            Channel.EMAIL, new RoutingQueue(2, "email", "email"));
    private static final ContactClassifier CLASSIFIER = new ContactClassifier(
            Map.of(ContactType.COMPLAINT, List.of("complain")), List.of("gas leak"));

    @Test
    void twoMessagesOfOneNewCustomerInOneBatchMakeOneContact() {
        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "hello"), chat("m2", "visitor-a", "are you there?")),
                nothingRead());

        assertThat(plan.newCustomers).hasSize(1);
        assertThat(plan.newContacts).hasSize(1);
        assertThat(plan.results).containsExactly(new Opened(0), new Joined(-1, java.util.Optional.empty()));
        assertThat(plan.messages).extracting(IntakeBatchPlan.Message::contactRef).containsExactly(-1L, -1L);
        assertThat(plan.events).extracting(IntakeBatchPlan.Event::kind)
                .containsExactly(ContactEventKind.RECEIVED, ContactEventKind.QUEUED, ContactEventKind.CUSTOMER_WROTE);
    }

    @Test
    void differentCustomersGetTheirOwnContactsInArrivalOrder() {
        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "hi"), chat("m2", "visitor-b", "I want to complain")),
                nothingRead());

        assertThat(plan.results).containsExactly(new Opened(0), new Opened(1));
        assertThat(plan.newContacts.get(0).contact().customerId()).isEqualTo(-1);
        assertThat(plan.newContacts.get(1).contact().customerId()).isEqualTo(-2);
        assertThat(plan.newContacts.get(1).classification().type()).isEqualTo(ContactType.COMPLAINT);
        assertThat(plan.newContacts).allSatisfy(opened -> assertThat(opened.contact().status()).isEqualTo(ContactStatus.QUEUED));
    }

    @Test
    void theSameMessageTwiceInOneBatchIsStoredOnce() {
        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "hello"), chat("m1", "visitor-a", "hello")),
                nothingRead());

        assertThat(plan.results).containsExactly(new Opened(0), new Duplicate(-1));
        assertThat(plan.messages).hasSize(1);
    }

    @Test
    void aMessageStoredBeforeIsADuplicateOfItsContactAndChangesNothing() {
        IntakeBatchPlan.Reads reads = new IntakeBatchPlan.Reads(
                Map.of(new IntakeBatchPlan.MessageKey(Channel.WEBCHAT, "m1"), 42L), Map.of(), List.of(), List.of(), QUEUES);

        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "hello")), reads);

        assertThat(plan.results).containsExactly(new Duplicate(42));
        assertThat(plan.newCustomers).isEmpty();
        assertThat(plan.messages).isEmpty();
        assertThat(plan.events).isEmpty();
    }

    @Test
    void aKnownCustomerJoinsTheirOpenContactOnTheChannelTheyWriteOnBeforeANewerOneElsewhere() {
        Contact chatContact = contact(10, 7, Channel.WEBCHAT, ContactStatus.IN_PROGRESS, 3L);
        Contact newerMail = contact(11, 7, Channel.EMAIL, ContactStatus.QUEUED, null);
        IntakeBatchPlan.Reads reads = new IntakeBatchPlan.Reads(Map.of(),
                Map.of(new IntakeBatchPlan.Identity(Channel.WEBCHAT, "visitor-a"), new IntakeBatchPlan.Customer(7, "Wang")),
                List.of(chatContact, newerMail), List.of(), QUEUES);

        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "still broken")), reads);

        assertThat(plan.results).containsExactly(new Joined(10, java.util.Optional.of(3L)));
        assertThat(plan.newContacts).isEmpty();
        assertThat(plan.handleMoves).containsEntry(10L, new IntakeBatchPlan.Handle(Channel.WEBCHAT, "visitor-a"));
    }

    @Test
    void aCustomerWritingBackToARepliedContactPutsItBackInProgressOnce() {
        Contact replied = contact(10, 7, Channel.WEBCHAT, ContactStatus.REPLIED, 3L);
        IntakeBatchPlan.Reads reads = new IntakeBatchPlan.Reads(Map.of(),
                Map.of(new IntakeBatchPlan.Identity(Channel.WEBCHAT, "visitor-a"), new IntakeBatchPlan.Customer(7, "Wang")),
                List.of(replied), List.of(), QUEUES);

        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "thanks, but"), chat("m2", "visitor-a", "one more thing")),
                reads);

        assertThat(plan.moved).containsOnlyKeys(10L);
        assertThat(plan.moved.get(10L).status()).isEqualTo(ContactStatus.IN_PROGRESS);
        assertThat(plan.results).containsExactly(new Joined(10, java.util.Optional.of(3L)), new Joined(10, java.util.Optional.of(3L)));
    }

    @Test
    void aMailInAThreadJoinsThatContactWhileOpenAndOtherwiseTheCustomersOpenContact() {
        Contact thread = contact(20, 8, Channel.EMAIL, ContactStatus.IN_PROGRESS, 4L);
        Contact closedThread = contact(21, 8, Channel.EMAIL, ContactStatus.CLOSED, 4L);
        Contact open = contact(22, 9, Channel.EMAIL, ContactStatus.QUEUED, null);
        IntakeBatchPlan.Reads reads = new IntakeBatchPlan.Reads(Map.of(),
                Map.of(new IntakeBatchPlan.Identity(Channel.EMAIL, "li@example.com"), new IntakeBatchPlan.Customer(9, "Li")),
                List.of(open), List.of(thread, closedThread), QUEUES);

        IntakeBatchPlan plan = plan(List.of(mail("e1", "li@example.com", 20L), mail("e2", "li@example.com", 21L)), reads);

        // The forwarded mail joins the thread but does not move its replies to a stranger's address.
        assertThat(plan.results).containsExactly(new Joined(20, java.util.Optional.of(4L)), new Joined(22, java.util.Optional.empty()));
        assertThat(plan.handleMoves).containsOnlyKeys(22L);
    }

    @Test
    void aKnownCustomerWithoutAnOpenContactGetsANewOneForTheirCustomerRecord() {
        IntakeBatchPlan.Reads reads = new IntakeBatchPlan.Reads(Map.of(),
                Map.of(new IntakeBatchPlan.Identity(Channel.WEBCHAT, "visitor-a"), new IntakeBatchPlan.Customer(7, "Wang")),
                List.of(), List.of(), QUEUES);

        IntakeBatchPlan plan = plan(List.of(chat("m1", "visitor-a", "gas leak in the kitchen")), reads);

        assertThat(plan.newCustomers).isEmpty();
        assertThat(plan.newContacts).singleElement().satisfies(opened -> {
            assertThat(opened.contact().customerId()).isEqualTo(7);
            assertThat(opened.priority()).isEqualTo(IntakeProcessor.MAJOR_PRIORITY);
            assertThat(opened.customerName()).isEqualTo("Wang");
        });
    }

    private static IntakeBatchPlan plan(List<InboundEnvelope> envelopes, IntakeBatchPlan.Reads reads) {
        return IntakeBatchPlan.of(envelopes, reads, CLASSIFIER, NOW);
    }

    private static IntakeBatchPlan.Reads nothingRead() {
        return new IntakeBatchPlan.Reads(Map.of(), Map.of(), List.of(), List.of(), QUEUES);
    }

    private static InboundEnvelope chat(String id, String visitor, String text) {
        return new InboundEnvelope(Channel.WEBCHAT, "demo", id, visitor, visitor, "Visitor", text, NOW);
    }

    private static InboundEnvelope mail(String id, String from, Long thread) {
        return new InboundEnvelope(Channel.EMAIL, "demo", id, from, from, "Li", "Re: my bill", NOW, thread);
    }

    private static Contact contact(long id, long customerId, Channel channel, ContactStatus status, Long assignee) {
        return Contact.restore(id, customerId, channel, 1, status, assignee, assignee, NOW.minusSeconds(3600),
                NOW.minusSeconds(60));
    }
}
