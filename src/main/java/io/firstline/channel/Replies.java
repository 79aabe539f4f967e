package io.firstline.channel;

import io.firstline.kernel.StorableText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.firstline.kernel.Channel;
import io.firstline.kernel.EventBus;
import io.firstline.contact.Contact;
import io.firstline.contact.ContactService;
import io.firstline.contact.ContactTransition;
import io.firstline.contact.ContactView;
import io.firstline.contact.Contacts;
import io.firstline.platform.security.AgentPrincipal;
import io.firstline.platform.web.Problems;
import io.firstline.platform.metrics.LatencyTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * An agent answers the customer through the contact's own channel. The provider is called
 * outside any database transaction; then the outbound message is stored with its delivery
 * result, sent or failed, so the contact's history shows both.
 */
@Service
public class Replies {

    static final int MAX_TEXT = 10_000;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Replies.class);

    private final Map<Channel, OutboundChannel> outbound = new EnumMap<>(Channel.class);
    private final Contacts contacts;
    private final ContactService lifecycle;
    private final EventBus events;
    private final TransactionalOperator transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    Replies(List<OutboundChannel> channels, Contacts contacts, ContactService lifecycle, EventBus events,
            TransactionalOperator transaction, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        channels.forEach(channel -> outbound.put(channel.channel(), channel));
        this.contacts = contacts;
        this.lifecycle = lifecycle;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Mono<ContactView.MessageView> reply(long contactId, String text, AgentPrincipal agent) {
        if (text == null || text.isBlank()) {
            return Mono.error(Problems.badRequest("text is required"));
        }
        if (text.length() > MAX_TEXT) {
            return Mono.error(Problems.badRequest("text must be at most " + MAX_TEXT + " characters"));
        }
        // Refused before anything is sent: the customer must never get a reply the contact's history cannot hold.
        if (StorableText.problem("text", text).isPresent()) {
            return Mono.error(Problems.badRequest(StorableText.problem("text", text).get()));
        }
        return transaction.transactional(contacts.lock(contactId))
                .switchIfEmpty(Mono.error(() -> Problems.notFound("contact " + contactId + " does not exist")))
                .flatMap(contact -> {
                    ContactTransition check = contact.reply(agent.agentId(), clock.instant());
                    if (check instanceof ContactTransition.Refused refused && !contact.takesFeedbackFrom(agent.agentId())) {
                        return Mono.error(refused.reason().startsWith("only")
                                ? Problems.forbidden(refused.reason()) : Problems.conflict(refused.reason()));
                    }
                    OutboundChannel channel = outbound.get(contact.channel());
                    if (channel == null) {
                        return Mono.error(Problems.conflict("replies through " + contact.channel().wireName()
                                + " are not available"));
                    }
                    return contacts.replyContext(contactId)
                            .flatMap(context -> timed(contact.channel(), channel.send(message(contactId, text, agent, context))
                                    .timeout(SEND_TIMEOUT)))
                            .flatMap(receipt -> recordSent(contact, text, agent, receipt))
                            .onErrorResume(e -> !(e instanceof ErrorResponseException),
                                    e -> recordFailed(contact, text, agent, e));
                });
    }

    /** Times one provider call by channel and outcome: sent, failed (the provider refused it) or unavailable. */
    private <T> Mono<T> timed(Channel channel, Mono<T> send) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            return send.doOnNext(sent -> sample.stop(LatencyTimers.replyDelivery(channel.wireName(), "sent").register(meters)))
                    .doOnError(e -> sample.stop(LatencyTimers.replyDelivery(channel.wireName(),
                            e instanceof DeliveryFailedException ? "failed" : "unavailable").register(meters)));
        });
    }

    private static OutboundMessage message(long contactId, String text, AgentPrincipal agent, Contacts.ReplyContext context) {
        List<String> ids = context.inboundIds();
        String inReplyTo = ids.isEmpty() ? null : ids.get(ids.size() - 1);
        List<String> earlier = ids.isEmpty() ? List.of() : ids.subList(0, ids.size() - 1);
        return new OutboundMessage(contactId, context.account(), context.customerHandle(), text, agent.username(),
                inReplyTo, earlier, null);
    }

    private Mono<ContactView.MessageView> recordSent(Contact contact, String text, AgentPrincipal agent, OutboundReceipt receipt) {
        Instant now = clock.instant();
        return lifecycle.replySent(contact.id(), contact.channel(), agent.agentId(), agent.username(),
                        receipt.externalId(), text, now)
                .map(id -> new ContactView.MessageView(id, "outbound", agent.username(), text, now, "sent", null));
    }

    private Mono<ContactView.MessageView> recordFailed(Contact contact, String text, AgentPrincipal agent, Throwable error) {
        Instant now = clock.instant();
        if (!(error instanceof DeliveryFailedException)) {
            log.warn("Reply on contact {} through {} failed: {}", contact.id(), contact.channel().wireName(), error.toString());
        }
        String code = error instanceof DeliveryFailedException failed ? failed.code() : "unavailable";
        String reason = error instanceof DeliveryFailedException ? error.getMessage()
                : "the " + contact.channel().wireName() + " provider did not answer in time; nothing was sent";
        return lifecycle.replyFailed(contact.id(), contact.channel(), agent.username(), text, code, reason, now)
                .flatMap(id -> {
                    events.publish(new ReplyFailed(agent.agentId(), contact.id(), id, code, reason));
                    ErrorResponseException problem = Problems.of(error instanceof DeliveryFailedException
                            ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_GATEWAY, reason);
                    problem.getBody().setProperty("code", code);
                    problem.getBody().setProperty("messageId", id);
                    return Mono.error(problem);
                });
    }
}
