package io.firstline.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Signatures and safe-mode crypto, checked against vectors made by an independent implementation (Python). */
class WechatSafeModeTest {

    static final String TOKEN = "firstline-demo-wechat-token";
    static final String AES_KEY = "Zmlyc3RsaW5lRGVtb1dlQ2hhdEVuY29kaW5nQUVTS2V";
    static final String APP_ID = "wx5f1e2d3c4b5a6978";
    static final String KNOWN_MESSAGE = "<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[oKnown-answer]]></FromUserName>"
            + "<CreateTime>1767602000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content>"
            + "<MsgId>1000000000000000001</MsgId></xml>";
    /** Python's cryptography package: AES-256-CBC, random prefix bytes 0..15, PKCS#7 to 32 bytes. */
    static final String KNOWN_ENCRYPT = "nr0Mjlqi8VZceWVvT8GOxS5KntEclSEuLtLOXK/ztvVBjmrXWKtTgGhqX7MiAlGBoer7ddNr17BQTONO4WAGh0PODUoJzfQ1jGy0K9tFNf+VE7v+SgkH3YtWbq1wjnesfmNRYz1OMKSD2VrlOREPkeOdWgd3DUnSmamdGgfaiPdRPxIz2SrI83P5qMl2s5b+7EO6c3WJJUb101/4x4QhikiHxY09rhZk2MuYhO3JdIHErCFDN1zccF0GJZn+fPmQCfizsdJ7ihKC/DgM/wmooCGqhPVuOVy/jApMo6JQTdixwuy1S760qYFau1jdKUPEzQc0BCrcqX6tYWrkLX2gfoZ+xb2PSuM2syAVJBQmfCNJ6rDqaI8NPPQr/zJIL8muvIT00911abiBp5Tz029zDFHcU74dpI2X05QN2oxzwh8=";

    private final WechatCrypto crypto = new WechatCrypto(AES_KEY, APP_ID);

    @Test
    void theSignatureIsTheSha1OfTheSortedParts() {
        assertThat(WechatSignature.sign("token", "1409304348", "xxxxxx")).isEqualTo("f43b4a6571a6552356f482636e5a77e7fa33dcc9");
        assertThat(WechatSignature.sign(TOKEN, "1767602000", "nonce123")).isEqualTo("88883229ee26ae75dff94d2c864dc24725f2220e");
        assertThat(WechatSignature.sign(TOKEN, "1767602000", "nonce123", KNOWN_ENCRYPT))
                .isEqualTo("e78a1409e00f982e570c31ef9a8fcd43ddf6fc15");
    }

    @Test
    void aSignatureMatchesOnlyItsOwnParts() {
        assertThat(WechatSignature.matches("88883229EE26AE75DFF94D2C864DC24725F2220E", TOKEN, "1767602000", "nonce123")).isTrue();
        assertThat(WechatSignature.matches("88883229ee26ae75dff94d2c864dc24725f2220e", TOKEN, "1767602001", "nonce123")).isFalse();
        assertThat(WechatSignature.matches(null, TOKEN, "1767602000", "nonce123")).isFalse();
        assertThat(WechatSignature.matches("88883229ee26ae75dff94d2c864dc24725f2220e", TOKEN, null, "nonce123")).isFalse();
    }

    @Test
    void aMessageEncryptedByAnIndependentImplementationDecrypts() {
        WechatCrypto.Decrypted decrypted = crypto.decrypt(KNOWN_ENCRYPT);
        assertThat(decrypted.problem()).isNull();
        assertThat(decrypted.message()).isEqualTo(KNOWN_MESSAGE);
    }

    @Test
    void encryptionWithTheSamePrefixGivesTheKnownAnswer() {
        byte[] prefix = new byte[16];
        for (int i = 0; i < 16; i++) {
            prefix[i] = (byte) i;
        }
        assertThat(crypto.encrypt(KNOWN_MESSAGE, prefix)).isEqualTo(KNOWN_ENCRYPT);
    }

    @Test
    void encryptThenDecryptRoundTripsAnyLength() {
        for (int length = 0; length < 100; length++) {
            String message = "消".repeat(length) + "x".repeat(length % 7);
            String encrypted = crypto.encrypt(message, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            assertThat(java.util.Base64.getDecoder().decode(encrypted).length % 32).isZero();
            assertThat(crypto.decrypt(encrypted).message()).isEqualTo(message);
        }
    }

    @Test
    void aMessageForAnotherAppIdIsRefused() {
        String encrypted = new WechatCrypto(AES_KEY, "wxsomebodyelse").encrypt("<xml/>", new byte[16]);
        assertThat(crypto.decrypt(encrypted).problem()).contains("another appid");
    }

    @Test
    void aMessageUnderAnotherKeyIsRefused() {
        String encrypted = new WechatCrypto("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", APP_ID).encrypt("<xml/>", new byte[16]);
        assertThat(crypto.decrypt(encrypted).ok()).isFalse();
        assertThat(crypto.decrypt("not base64 !!").ok()).isFalse();
        assertThat(crypto.decrypt("AAAA").ok()).isFalse();
    }

    @Test
    void anEncodingAesKeyHasFortyThreeCharacters() {
        assertThatThrownBy(() -> new WechatCrypto("short", APP_ID)).isInstanceOf(IllegalArgumentException.class);
    }
}
