package io.firstline.channel.phone;

import io.firstline.DomainModel;

import io.firstline.customer.PhoneNumber;

/** The caller's identity: E.164 when the number is one, else the provider's own handle. */
@DomainModel
final class PhoneNumbers {

    private PhoneNumbers() {
    }

    /**
     * {@code +86 138-0013-8000} → {@code +8613800138000}; {@code 008613800138000} → {@code +8613800138000}; a caller id
     * without a calling code ({@code 13800138000}) gets the centre's ({@link PhoneNumber#e164}).
     * Withheld numbers ({@code anonymous}, {@code Restricted}, empty) are scoped to the call so that
     * anonymous callers are not merged into one customer. Client and SIP identities are kept as given.
     */
    static String handle(String raw, String callId, String countryCode) {
        String from = raw == null ? "" : raw.strip();
        String number = PhoneNumber.e164(from, countryCode);
        if (number != null) {
            return number;
        }
        if (from.isEmpty() || from.equalsIgnoreCase("anonymous") || from.equalsIgnoreCase("restricted")
                || from.equalsIgnoreCase("unknown") || from.equalsIgnoreCase("blocked")) {
            return "anonymous:" + callId;
        }
        return from;
    }
}
