package io.firstline.channel.wechat;

import static io.firstline.support.ConsoleSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The demo Official Account's server URL, driven the way WeChat's servers call it. */
@TestPropertySource(properties = "firstline.db.name=firstline_test_wechat")
class WechatWebhookTest extends AppTestBase {

    static final String TOKEN = WechatSafeModeTest.TOKEN;
    private final WechatCrypto crypto = new WechatCrypto(WechatSafeModeTest.AES_KEY, WechatSafeModeTest.APP_ID);

    @Test
    void theHandshakeEchoesEchostrWhenTheSignatureMatches() {
        String timestamp = now();
        String body = http.get().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce=n1&echostr=echo-123",
                        WechatSignature.sign(TOKEN, timestamp, "n1"), timestamp)
                .exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).isEqualTo("echo-123");
    }

    @Test
    void theHandshakeWithABadSignatureIsUnauthorized() {
        String timestamp = now();
        http.get().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce=n1&echostr=echo-123",
                        WechatSignature.sign("another-token", timestamp, "n1"), timestamp)
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/webhooks/wechat/nobody?signature=x&timestamp=1&nonce=n&echostr=e").exchange().expectStatus().isNotFound();
    }

    @Test
    void aPlainTextMessageBecomesAContactOfferedToAnAvailableAgent() {
        String token = login("agent1");
        setState(token, "available");
        ConsoleSocket console = console(token);
        String openId = openId();
        String msgId = msgId();

        postPlain(text(openId, msgId, "我家停水了")).expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .expectBody(String.class).isEqualTo("success");

        long contactId = count("SELECT contact_id FROM message WHERE channel = 'wechat' AND external_id = $1", msgId);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", openId)).isEqualTo(1);
        JsonNode offer = console.await(frame("offer", contactId), WAIT);
        assertThat(offer.get("data").get("offerId").asString()).isNotBlank();
    }

    @Test
    void aNulCharacterReferenceIsRefusedWith400AndStoresNothing() {
        String openId = openId();
        String msgId = msgId();
        postPlain(text(openId, msgId, "]]>water&#0;leak<![CDATA[")).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored(openId, msgId);
    }

    @Test
    void theMsgIdSpellingOfWxJavaIsAcceptedAsMsgId() {
        String openId = openId();
        String msgId = msgId();
        String xml = xml(openId, "text", "<Content><![CDATA[hello]]></Content><MsgID>" + msgId + "</MsgID>");
        postPlain(xml).expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        postPlain(xml).expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        assertThat(count("SELECT count(*) FROM message WHERE channel = 'wechat' AND external_id = $1", msgId)).isEqualTo(1);
    }

    @Test
    void aRetriedMessageIsStoredOnce() {
        String openId = openId();
        String msgId = msgId();
        String xml = text(openId, msgId, "hello");
        for (int delivery = 0; delivery < 3; delivery++) {
            postPlain(xml).expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        }
        assertThat(count("SELECT count(*) FROM message WHERE channel = 'wechat' AND external_id = $1", msgId)).isEqualTo(1);
    }

    @Test
    void mediaMessagesAreDescribedForTheAgent() {
        String openId = openId();
        String msgId = msgId();
        postPlain(xml(openId, "image", "<PicUrl><![CDATA[http://mmbiz.qpic.cn/pic.jpg]]></PicUrl><MediaId>m1</MediaId><MsgId>" + msgId + "</MsgId>"))
                .expectStatus().isOk();
        assertThat(body(msgId)).isEqualTo("[image] http://mmbiz.qpic.cn/pic.jpg");
    }

    @Test
    void aSafeModeMessageIsDecryptedAndBecomesAContact() {
        String openId = openId();
        String msgId = msgId();
        String encrypted = crypto.encrypt(text(openId, msgId, "safe mode 你好"), "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        postEncrypted("<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>", encrypted)
                .expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        assertThat(body(msgId)).isEqualTo("safe mode 你好");
    }

    @Test
    void compatibleModeTrustsOnlyTheEncryptedCopy() {
        String openId = openId();
        String msgId = msgId();
        String encrypted = crypto.encrypt(text(openId, msgId, "the real text"), "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        String both = text(openId, msgId, "a forged plain copy").replace("</xml>", "<Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>");
        postEncrypted(both, encrypted).expectStatus().isOk();
        assertThat(body(msgId)).isEqualTo("the real text");
    }

    @Test
    void aBadMsgSignatureIsUnauthorizedAndStoresNothing() {
        String openId = openId();
        String msgId = msgId();
        String encrypted = crypto.encrypt(text(openId, msgId, "tampered"), new byte[16]);
        String timestamp = now();
        http.post().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce=n2&encrypt_type=aes&msg_signature={m}",
                        WechatSignature.sign(TOKEN, timestamp, "n2"), timestamp, WechatSignature.sign(TOKEN, timestamp, "n2", "other"))
                .contentType(MediaType.TEXT_XML).bodyValue("<xml><Encrypt>" + encrypted + "</Encrypt></xml>")
                .exchange().expectStatus().isUnauthorized();
        assertNothingStored(openId, msgId);
    }

    @Test
    void aBadSignatureIsUnauthorizedAndStoresNothing() {
        String openId = openId();
        String msgId = msgId();
        String timestamp = now();
        http.post().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce=n3", WechatSignature.sign("wrong", timestamp, "n3"), timestamp)
                .contentType(MediaType.TEXT_XML).bodyValue(text(openId, msgId, "hello"))
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        String stale = Long.toString(Instant.now().getEpochSecond() - 3600);
        http.post().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce=n3", WechatSignature.sign(TOKEN, stale, "n3"), stale)
                .contentType(MediaType.TEXT_XML).bodyValue(text(openId, msgId, "hello"))
                .exchange().expectStatus().isUnauthorized();
        assertNothingStored(openId, msgId);
    }

    @Test
    void anXxePayloadIsABadRequestThatStoresNothing() {
        String openId = openId();
        String msgId = msgId();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + text(openId, msgId, "&xxe;");
        postPlain(xxe).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("DOCTYPE"));
        assertNothingStored(openId, msgId);
    }

    @Test
    void malformedXmlAndMissingFieldsAreBadRequests() {
        postPlain("<xml><ToUserName>").expectStatus().isBadRequest();
        postPlain("<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("MsgId is required for a message; Content is required for a text message");
    }

    @Test
    void anOversizedBodyIsTooLargeAndStoresNothing() {
        String openId = openId();
        String msgId = msgId();
        postPlain(text(openId, msgId, "x".repeat(70_000))).expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored(openId, msgId);
    }

    @Test
    void subscribeEventsAreRecordedOnceAndOpenNoContact() {
        String openId = openId();
        String xml = xml(openId, "event", "<Event><![CDATA[subscribe]]></Event>");
        postPlain(xml).expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        postPlain(xml).expectStatus().isOk().expectBody(String.class).isEqualTo("success");
        assertThat(count("SELECT count(*) FROM wechat_event WHERE open_id = $1 AND event = 'subscribe'", openId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", openId)).isZero();
    }

    @Test
    void aMenuClickBecomesAContactDedupedBySenderAndTime() {
        String openId = openId();
        String xml = xml(openId, "event", "<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[TALK_TO_US]]></EventKey>");
        postPlain(xml).expectStatus().isOk();
        postPlain(xml).expectStatus().isOk();
        assertThat(count("SELECT count(*) FROM message WHERE channel = 'wechat' AND external_id LIKE $1", "event:" + openId + ":%"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message m JOIN customer_identity i ON i.customer_id = "
                + "(SELECT customer_id FROM contact WHERE id = m.contact_id) WHERE i.handle = $1 AND m.body = '[event CLICK] TALK_TO_US'", openId))
                .isEqualTo(1);
    }

    private WebTestClient.ResponseSpec postPlain(String xml) {
        String timestamp = now();
        String nonce = "n" + ThreadLocalRandom.current().nextInt(1_000_000);
        return http.post().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce={n}&openid=o",
                        WechatSignature.sign(TOKEN, timestamp, nonce), timestamp, nonce)
                .contentType(MediaType.TEXT_XML).bodyValue(xml).exchange();
    }

    private WebTestClient.ResponseSpec postEncrypted(String xml, String encrypted) {
        String timestamp = now();
        String nonce = "n" + ThreadLocalRandom.current().nextInt(1_000_000);
        return http.post().uri("/webhooks/wechat/demo?signature={s}&timestamp={t}&nonce={n}&openid=o&encrypt_type=aes&msg_signature={m}",
                        WechatSignature.sign(TOKEN, timestamp, nonce), timestamp, nonce,
                        WechatSignature.sign(TOKEN, timestamp, nonce, encrypted))
                .contentType(MediaType.TEXT_XML).bodyValue(xml).exchange();
    }

    private String body(String msgId) {
        return db.sql("SELECT body FROM message WHERE channel = 'wechat' AND external_id = $1").bind(0, msgId)
                .map(row -> row.get(0, String.class)).one().block(WAIT);
    }

    private void assertNothingStored(String openId, String msgId) {
        assertThat(count("SELECT count(*) FROM message WHERE channel = 'wechat' AND external_id = $1", msgId)).isZero();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE handle = $1", openId)).isZero();
    }

    static String text(String openId, String msgId, String content) {
        return xml(openId, "text", "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId>");
    }

    static String xml(String openId, String type, String rest) {
        return "<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[" + type + "]]></MsgType>"
                + rest + "</xml>";
    }

    private static String openId() {
        return "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 27);
    }

    private static String msgId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 60, Long.MAX_VALUE));
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}
