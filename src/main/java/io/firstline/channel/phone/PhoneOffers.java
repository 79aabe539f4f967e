package io.firstline.channel.phone;

import java.time.Clock;
import java.time.Instant;
import io.firstline.kernel.Channel;
import io.firstline.routing.Offer;
import io.firstline.routing.OfferListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tells the telephony side about offers of phone contacts: the call's offered time, and — once an agent
 * accepts — whom to ring. Twilio form: the agent's address is stored on the call and the caller's next
 * {@code waitUrl} poll answers {@code <Leave/>}, after which the Enqueue action answers {@code <Dial>}.
 * Generic form: a signed callback to the account's {@code callback-url}, sent in the background by {@link PbxCallbacks}.
 */
@Component
class PhoneOffers implements OfferListener {

    private final PhoneCalls calls;
    private final PbxCallbacks callbacks;
    private final PhoneProperties properties;
    private final Clock clock;

    PhoneOffers(PhoneCalls calls, PbxCallbacks callbacks, PhoneProperties properties, Clock clock) {
        this.calls = calls;
        this.callbacks = callbacks;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mono<Void> offered(Offer offer) {
        if (offer.contact().channel() != Channel.PHONE) {
            return Mono.empty();
        }
        return calls.forContact(offer.contact().contactId())
                .filter(call -> !call.status().terminal())
                .flatMap(call -> calls.record(call.callId(), CallStatus.OFFERED, offer.offeredAt(), clock.instant(),
                        properties.shortAbandon()))
                .then();
    }

    @Override
    public Mono<Void> accepted(Offer offer, long agentId) {
        if (offer.contact().channel() != Channel.PHONE) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return calls.forContact(offer.contact().contactId())
                // A caller who already hung up is called back by the agent; nothing to ring.
                .filter(call -> !call.status().terminal())
                .flatMap(call -> chooseAgent(call, agentId, now));
    }

    /**
     * Stores whom the call rings (Twilio: answered on the next callback) and, for the generic form, hands the signed
     * callback to {@link PbxCallbacks}, which sends it in the background; the first choice wins.
     */
    Mono<Void> chooseAgent(PhoneCalls.Call call, long agentId, Instant now) {
        return calls.dialTarget(agentId)
                .flatMap(target -> calls.agentChosen(call.callId(), agentId, target, now)
                        .filter(first -> first && PhoneCalls.FORM_GENERIC.equals(call.form()))
                        .flatMap(first -> callbacks.ring(call, agentId, target)))
                .then();
    }
}
