package io.firstline.channel.wechat;

import io.firstline.DomainModel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat safe mode (消息加解密): AES-256-CBC with key = Base64(EncodingAESKey + "=") and IV = the
 * key's first 16 bytes, over {@code 16 random bytes · 4-byte big-endian length · message · appid},
 * padded PKCS#7-style to 32-byte blocks. Decryption checks the padding, the length and the appid.
 */
@DomainModel
final class WechatCrypto {

    static final int BLOCK = 32;

    /** The decrypted message, or why it could not be decrypted. */
    public record Decrypted(String message, String problem) {

        public boolean ok() {
            return message != null;
        }
    }

    private final byte[] key;
    private final String appId;

    public WechatCrypto(String encodingAesKey, String appId) {
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("an EncodingAESKey has exactly 43 characters");
        }
        this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        if (key.length != 32) {
            throw new IllegalArgumentException("an EncodingAESKey must decode to 32 bytes");
        }
        this.appId = appId == null ? "" : appId;
    }

    /** Encrypts a message the way WeChat does; {@code random} is the 16-byte prefix. Returns the Base64 text. */
    public String encrypt(String message, byte[] random) {
        if (random.length != 16) {
            throw new IllegalArgumentException("the random prefix has 16 bytes");
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + text.length + app.length;
        int pad = BLOCK - (length % BLOCK);
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(random).putInt(text.length).put(text).put(app);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        return Base64.getEncoder().encodeToString(cipher(Cipher.ENCRYPT_MODE, plain.array()));
    }

    public Decrypted decrypt(String encrypted) {
        byte[] cipherText;
        try {
            cipherText = Base64.getMimeDecoder().decode(encrypted == null ? "" : encrypted.trim());
        } catch (IllegalArgumentException e) {
            return new Decrypted(null, "Encrypt is not valid Base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            return new Decrypted(null, "Encrypt is not a whole number of AES blocks");
        }
        byte[] plain;
        try {
            plain = cipher(Cipher.DECRYPT_MODE, cipherText);
        } catch (IllegalStateException e) {
            return new Decrypted(null, "Encrypt could not be decrypted");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            return new Decrypted(null, "Encrypt has bad padding: wrong EncodingAESKey?");
        }
        int end = plain.length - pad;
        if (end < 20) {
            return new Decrypted(null, "Encrypt is too short");
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            return new Decrypted(null, "Encrypt has a bad length: wrong EncodingAESKey?");
        }
        byte[] app = Arrays.copyOfRange(plain, 20 + length, end);
        if (!MessageDigest.isEqual(app, appId.getBytes(StandardCharsets.UTF_8))) {
            return new Decrypted(null, "Encrypt was made for another appid");
        }
        return new Decrypted(new String(plain, 20, length, StandardCharsets.UTF_8), null);
    }

    private byte[] cipher(int mode, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
