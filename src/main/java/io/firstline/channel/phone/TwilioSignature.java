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

    public static boolean valid(String authToken, String url, List<Map.Entry<String, String>> params, String signature) {
        if (authToken == null || signature == null || signature.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
