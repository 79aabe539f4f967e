package io.firstline.channel.phone;

import io.firstline.DomainModel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: {@code X-Twilio-Signature} = Base64(HMAC-SHA1(auth token, the full URL Twilio
 * requested + every POST parameter sorted by name, each name immediately followed by its value)).
 */
@DomainModel
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String sign(String authToken, String url, List<Map.Entry<String, String>> params) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        // Ordinal order of names; several values of one name in their order (stable sort keeps it).
        sorted.sort(Comparator.comparing(Map.Entry::getKey));
        StringBuilder data = new StringBuilder(url);
        for (Map.Entry<String, String> param : sorted) {
            data.append(param.getKey()).append(param.getValue());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code signature} signs the request at {@code url} (or at the same URL with the scheme's default port
     * written out or left out, as Twilio's own {@code RequestValidator} accepts: which one Twilio signed depends on
     * how the webhook URL was configured there).
     */
    public static boolean valid(String authToken, String url, List<Map.Entry<String, String>> params, String signature) {
        if (authToken == null || signature == null || signature.isBlank()) {
            return false;
        }
        byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String variant : urlVariants(url)) {
            valid |= MessageDigest.isEqual(sign(authToken, variant, params).getBytes(StandardCharsets.US_ASCII), given);
        }
        return valid;
    }

    /** {@code url}, then the same with its scheme's default port (:443, :80) removed if written, or added if not. */
    static List<String> urlVariants(String url) {
        List<String> variants = new ArrayList<>(List.of(url));
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return variants;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        String defaultPort = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
        if (defaultPort == null) {
            return variants;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        String hostPart = authority.substring(authority.lastIndexOf('@') + 1);
        boolean hasPort = hostPart.lastIndexOf(':') > hostPart.lastIndexOf(']');
        String rest = url.substring(authorityEnd);
        String prefix = url.substring(0, authorityStart);
        if (!hasPort) {
            variants.add(prefix + authority + ":" + defaultPort + rest);
        } else if (authority.endsWith(":" + defaultPort)) {
            variants.add(prefix + authority.substring(0, authority.length() - defaultPort.length() - 1) + rest);
        }
        return variants;
    }
}
