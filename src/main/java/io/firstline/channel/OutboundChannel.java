package io.firstline.channel;

import io.firstline.kernel.Channel;
import reactor.core.publisher.Mono;

/**
 * Sends an agent's reply to the customer through the channel the contact came in on.
 * One bean per channel; {@code POST /api/v1/contacts/{id}/messages} picks it by {@link #channel()}.
 * Implementations are non-blocking (blocking clients such as SMTP run on a bounded elastic
 * scheduler) and carry a timeout.
 */
public interface OutboundChannel {

    Channel channel();

    /**
     * Completes with the provider's id for the sent message, or fails with
     * {@link DeliveryFailedException} saying why the provider refused it.
     */
    Mono<OutboundReceipt> send(OutboundMessage message);
}
