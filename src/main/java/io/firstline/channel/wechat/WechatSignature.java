package io.firstline.channel.wechat;

import io.firstline.DomainModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * WeChat's signatures: the lower-case hex SHA-1 of the parts sorted in dictionary order and
 * concatenated. Plain mode signs token, timestamp and nonce; safe mode's {@code msg_signature}
 * adds the {@code Encrypt} value.
 */
@DomainModel
public final class WechatSignature {

    private WechatSignature() {
    }

    public static String sign(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : sorted) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code given} is the signature of the parts; compared in constant time, case-insensitively. */
    public static boolean matches(String given, String... parts) {
        if (given == null || given.isBlank()) {
            return false;
        }
        for (String part : parts) {
            if (part == null) {
                return false;
            }
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
