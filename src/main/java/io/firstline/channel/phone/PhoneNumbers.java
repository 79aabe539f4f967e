package io.firstline.channel.phone;

import io.firstline.DomainModel;

import java.util.regex.Pattern;

/** The caller's identity: E.164 when the number is one, else the provider's own handle. */
@DomainModel
final class PhoneNumbers {

    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]{3,15}");

    private PhoneNumbers() {
    }

    /**
     * {@code +86 138-0013-8000} → {@code +8613800138000}; {@code 008613800138000} → {@code +8613800138000}.
     * Withheld numbers ({@code anonymous}, {@code Restricted}, empty) are scoped to the call so that
     * anonymous callers are not merged into one customer. Client and SIP identities are kept as given.
     */
    static String handle(String raw, String callId) {
        String from = raw == null ? "" : raw.strip();
        String compact = from.replaceAll("[\\s().-]", "");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        if (DIGITS.matcher(compact).matches()) {
            return compact.startsWith("+") ? compact : "+" + compact;
        }
        if (from.isEmpty() || from.equalsIgnoreCase("anonymous") || from.equalsIgnoreCase("restricted")
                || from.equalsIgnoreCase("unknown") || from.equalsIgnoreCase("blocked")) {
            return "anonymous:" + callId;
        }
        return from;
    }
}
