package io.firstline.channel;

import java.util.List;

/**
 * An agent's reply on its way to the customer.
 *
 * @param account           the channel account the contact came in on (e.g. the WeChat official account)
 * @param customerHandle    the customer's identity on that channel (OpenID, e-mail address, phone number, account:visitorId)
 * @param inReplyTo         the provider id of the customer's latest inbound message (e-mail Message-ID for threading), or null
 * @param threadIds         provider ids of the conversation's earlier messages, oldest first (e-mail References)
 * @param contactToken      a token that routes the customer's answer back to this contact (e.g. in a plus-address)
 */
public record OutboundMessage(long contactId, String account, String customerHandle, String text, String agentName,
                              String inReplyTo, List<String> threadIds, String contactToken) {

    public OutboundMessage {
        threadIds = threadIds == null ? List.of() : List.copyOf(threadIds);
    }
}
