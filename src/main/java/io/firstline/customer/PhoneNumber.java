package io.firstline.customer;

import java.util.regex.Pattern;
import io.firstline.DomainModel;

/**
 * One way to write a phone number, E.164, wherever it comes from (a caller id, a number an agent types), so the
 * same customer's number always finds the same identity.
 */
@DomainModel
public final class PhoneNumber {

    private static final Pattern NUMBER = Pattern.compile("\\+[0-9]{4,15}");

    private PhoneNumber() {
    }

    /**
     * {@code +86 138-0013-8000} and {@code 008613800138000} → {@code +8613800138000}. A number written the national
     * way gets the given calling code after its trunk prefix 0 is dropped ({@code 138 0013 8000} →
     * {@code +8613800138000}, {@code 010 8888 6666} → {@code +861088886666}): a bare {@code +} in front would make
     * it another country's. Null when it is not a phone number.
     */
    public static String e164(String written, String countryCode) {
        if (written == null) {
            return null;
        }
        String compact = written.strip().replaceAll("[\\s().-]", "");
        if (!compact.matches("\\+?[0-9]+")) {
            return null;
        }
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        } else if (!compact.startsWith("+")) {
            compact = "+" + countryCode + (compact.startsWith("0") ? compact.substring(1) : compact);
        }
        return NUMBER.matcher(compact).matches() ? compact : null;
    }
}
