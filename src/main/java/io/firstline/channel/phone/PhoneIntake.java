package io.firstline.channel.phone;

import java.time.Clock;
import java.time.Instant;
import io.firstline.kernel.Channel;
import io.firstline.customer.CustomerProperties;
import io.firstline.intake.InboundEnvelope;
import io.firstline.intake.IntakeLog;
import io.firstline.contact.Contacts;
import io.firstline.channel.WebhookOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Records call events: the call row, each lifecycle step once per call and status, and — for a call not
 * yet taken in — its envelope (externalId = call id), so the call becomes a contact and is offered.
 */
@Service
class PhoneIntake {

    private final PhoneCalls calls;
    private final IntakeLog intake;
    private final PhoneProperties properties;
    private final PhoneOffers offers;
    private final Contacts contacts;
    private final Clock clock;
    private final String countryCode;
    private final WebhookOutcomes outcomes;

    PhoneIntake(PhoneCalls calls, IntakeLog intake, PhoneProperties properties, PhoneOffers offers, Contacts contacts,
                Clock clock, CustomerProperties customers, MeterRegistry meters) {
        this.outcomes = new WebhookOutcomes(meters, Channel.PHONE);
        this.countryCode = customers.phoneCountryCode();
        this.calls = calls;
        this.offers = offers;
        this.contacts = contacts;
        this.intake = intake;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records the steps (in order) of one call and returns the call as it now stands. A repeated step
     * changes nothing. Fails (nothing acknowledged) when the envelope could not be made durable; the
     * provider's retry appends it again, which the intake dedupes by call id.
     */
    Mono<PhoneCalls.Call> record(String account, String form, String callId, String from, String to, Instant at,
                                 CallStatus... steps) {
        Instant now = clock.instant();
        String handle = PhoneNumbers.handle(from, callId, countryCode);
        Mono<Void> work = calls.ensure(callId, account, form, handle, to, at);
        for (CallStatus step : steps) {
            work = work.then(calls.record(callId, step, at, now, properties.shortAbandon())).then();
        }
        return work.then(calls.find(callId)).flatMap(call -> call.intakeAt() != null ? Mono.just(call)
                : intake.append(envelope(call, now)).transform(outcomes.timedUntilDurable())
                        .flatMap(outcome -> calls.intakeDone(callId, outcome.contactId(), now)
                                .then(outcome.contactId() == null ? Mono.<Void>empty()
                                        : toAssignee(call, outcome.contactId(), now)))
                        .then(calls.find(callId)));
    }

    /**
     * A call that joined the customer's open contact which an agent already holds is not offered again
     * (DOMAIN §2: it goes to the current assignee): that agent is rung directly.
     */
    private Mono<Void> toAssignee(PhoneCalls.Call call, long contactId, Instant now) {
        if (call.status().terminal()) {
            return Mono.empty();
        }
        return contacts.currentAssignee(contactId).flatMap(assignee -> offers.chooseAgent(call, assignee, now));
    }

    private static InboundEnvelope envelope(PhoneCalls.Call call, Instant now) {
        String text = "Inbound call from " + call.fromNumber()
                + (call.toNumber() == null || call.toNumber().isBlank() ? "" : " to " + call.toNumber());
        return new InboundEnvelope(Channel.PHONE, call.account(), call.callId(), call.account() + ":" + call.fromNumber(),
                call.fromNumber(), null, text, now);
    }
}
