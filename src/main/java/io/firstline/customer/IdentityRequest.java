package io.firstline.customer;

import io.firstline.DomainModel;
import io.firstline.kernel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A channel identity staff want to link to a customer ({@code {"channel","handle"}}), checked and put in
 * the form intake stores handles in, so that the customer's next message on that channel finds them.
 */
@DomainModel
record IdentityRequest(String channel, String handle) {

    public static final int MAX_HANDLE = 200;

    /** Visits come in person, with no handle to find the customer by. */
    static final List<Channel> LINKABLE = List.of(Channel.PHONE, Channel.EMAIL, Channel.WECHAT, Channel.WEBCHAT);

    private static final Pattern ADDRESS = Pattern.compile("[^\\s@]+@[^\\s@]+");

    /** A handle on a channel, as customer_identity holds it. */
    public record Identity(Channel channel, String handle) {

        public String describe() {
            return channel.wireName() + " " + handle;
        }
    }

    /**
     * What is wrong with this request; empty when {@link #identity(String)} may be called.
     *
     * @param countryCode the calling code of numbers typed without one ({@code 86}: agents type
     *                    {@code 138 0013 8000} or {@code 010 8888 6666} as the customer says them)
     */
    public List<String> problems(String countryCode) {
        List<String> problems = new ArrayList<>();
        Channel linkable = linkable();
        if (linkable == null) {
            problems.add("channel must be one of " + String.join(", ", LINKABLE.stream().map(Channel::wireName).toList()));
        }
        String trimmed = handle == null ? "" : handle.strip();
        if (trimmed.isEmpty()) {
            problems.add("handle is required");
        } else if (trimmed.length() > MAX_HANDLE) {
            problems.add("handle must be at most " + MAX_HANDLE + " characters");
        } else if (linkable == Channel.EMAIL && !ADDRESS.matcher(trimmed).matches()) {
            problems.add("an email handle must be an address like name@example.com");
        } else if (linkable == Channel.PHONE && phoneNumber(trimmed, countryCode) == null) {
            problems.add("a phone handle must be a number like +8613800138000 or 138 0013 8000");
        }
        return problems;
    }

    /** The identity as intake would store it; only for a request without {@link #problems(String)}. */
    public Identity identity(String countryCode) {
        Channel linkable = linkable();
        String trimmed = handle.strip();
        String normalised = switch (linkable) {
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case PHONE -> phoneNumber(trimmed, countryCode);
            default -> trimmed;
        };
        return new Identity(linkable, normalised);
    }

    private Channel linkable() {
        return Channel.fromWireName(channel).filter(LINKABLE::contains).orElse(null);
    }

    private static String phoneNumber(String handle, String countryCode) {
        return PhoneNumber.e164(handle, countryCode);
    }
}
