package io.firstline.registration;

import io.firstline.DomainModel;
import io.firstline.customer.PhoneNumber;
import io.firstline.kernel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an agent registers by hand: {@code {"channel": "visit"|"letter", "customer": {"name", "phone"|"email"},
 * "text", "category"?}}. {@link #problems} says everything that is wrong at once; a valid one is {@link #normalised}.
 */
@DomainModel
record Registration(String channel, Customer customer, String text, String category) {

    static final int MAX_TEXT = 10_000;
    static final int MAX_NAME = 200;
    static final List<Channel> CHANNELS = List.of(Channel.VISIT, Channel.LETTER);
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@]+@[^\\s@]+");

    record Customer(String name, String phone, String email) {
    }

    /** The customer as found or created by: an E.164 phone number, else a lower-case address, else the name. */
    record Normalised(Channel channel, String name, String phone, String email, String text, String category) {
    }

    List<String> problems(String countryCode) {
        List<String> problems = new ArrayList<>();
        if (Channel.fromWireName(channel).filter(CHANNELS::contains).isEmpty()) {
            problems.add("channel must be visit or letter");
        }
        String name = customer == null ? null : blankToNull(customer.name());
        String phone = customer == null ? null : blankToNull(customer.phone());
        String email = customer == null ? null : blankToNull(customer.email());
        if (name == null) {
            problems.add("customer.name is required");
        } else if (name.length() > MAX_NAME) {
            problems.add("customer.name must be at most " + MAX_NAME + " characters");
        }
        if (phone != null && PhoneNumber.e164(phone, countryCode) == null) {
            problems.add("customer.phone must be a number like +8613800138000 or 138 0013 8000");
        }
        if (email != null && (email.length() > MAX_NAME || !ADDRESS.matcher(email).matches())) {
            problems.add("customer.email must be an address like name@example.com");
        }
        String words = blankToNull(text);
        if (words == null) {
            problems.add("text is required: what the customer says or the letter asks");
        } else if (words.length() > MAX_TEXT) {
            problems.add("text must be at most " + MAX_TEXT + " characters");
        }
        if (category != null && !category.isBlank() && io.firstline.sla.ContactType.fromWireName(category.strip()).isEmpty()) {
            problems.add("category must be one of inquiry, suggestion, complaint, repair, service_request");
        }
        return problems;
    }

    /** Only for a registration without {@link #problems}. */
    Normalised normalised(String countryCode) {
        String phone = blankToNull(customer.phone());
        String email = blankToNull(customer.email());
        return new Normalised(Channel.fromWireName(channel).orElseThrow(), customer.name().strip(),
                phone == null ? null : PhoneNumber.e164(phone, countryCode),
                email == null ? null : email.toLowerCase(Locale.ROOT),
                text.strip(), blankToNull(category));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
