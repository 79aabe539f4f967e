package io.firstline.channel.email;

import io.firstline.DomainModel;
import io.firstline.channel.StandardWebhookVerifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plus-address contact tokens: replies to {@code support+c123.<mac>@example.com} belong to contact 123.
 * {@code <mac>} is the first 10 bytes (20 lower-case hex digits) of
 * HMAC-SHA256(account secret key, "firstline-contact:" + account + ":" + contactId), so nobody without
 * the account's secret can route a mail into someone else's contact.
 */
@DomainModel
final class ContactTokens {

    private static final Pattern IN_ADDRESS = Pattern.compile("\\+c(\\d{1,18})\\.([0-9a-f]{20})@", Pattern.CASE_INSENSITIVE);

    private ContactTokens() {
    }

    /** {@code c<contactId>.<mac>} for the account's secret ({@code whsec_<base64 key>}). */
    public static String token(String secret, String account, long contactId) {
        return "c" + contactId + "." + HexFormat.of().formatHex(mac(secret, account, contactId));
    }

    /** {@code local+token@domain} for the plain address {@code local@domain}. */
    public static String plusAddress(String address, String token) {
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not an e-mail address: " + address);
        }
        String local = address.substring(0, at);
        int plus = local.indexOf('+');
        return (plus < 0 ? local : local.substring(0, plus)) + "+" + token + address.substring(at);
    }

    /** The contact an address's token names, if the address carries a token that this secret signed. */
    public static Optional<Long> contactOf(String secret, String account, String address) {
        if (secret == null || address == null) {
            return Optional.empty();
        }
        Matcher m = IN_ADDRESS.matcher(address);
        while (m.find()) {
            long contactId;
            try {
                contactId = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                continue;
            }
            byte[] given = HexFormat.of().parseHex(m.group(2).toLowerCase(Locale.ROOT));
            if (MessageDigest.isEqual(mac(secret, account, contactId), given)) {
                return Optional.of(contactId);
            }
        }
        return Optional.empty();
    }

    private static byte[] mac(String secret, String account, long contactId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(StandardWebhookVerifier.key(secret), "HmacSHA256"));
            byte[] full = mac.doFinal(("firstline-contact:" + account + ":" + contactId).getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, 10);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
