package io.firstline.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.firstline.channel.DeliveryFailedException;
import io.firstline.channel.OutboundMessage;
import io.firstline.channel.OutboundReceipt;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.support.AppTestBase;
import io.firstline.support.Webhooks;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/** Mail in through both webhook forms, threaded into its contact, and replies out through a real SMTP server. */
@TestPropertySource(properties = {
        "firstline.db.name=firstline_test_email",
        "firstline.channels.email.max-body-bytes=200000",
        "firstline.channels.email.max-attachment-bytes=1000",
        "firstline.channels.email.accounts.down.smtp-host=localhost",
        "firstline.channels.email.accounts.down.smtp-port=1",
        "firstline.channels.email.accounts.down.from-address=down@example.com",
        "firstline.channels.email.send-timeout=5s"})
class EmailWebhookTest extends AppTestBase {

    static final String SIGNING_KEY = "key-firstline-demo-mailgun-signing-key";
    static final String SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tZW1haWwtc2VjcmV0LTMyYg==";
    static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("firstline.channels.email.accounts.demo.smtp-host", () -> "127.0.0.1");
        registry.add("firstline.channels.email.accounts.demo.smtp-port", () -> SMTP_PORT);
    }

    @Autowired
    EmailOutbound outbound;

    @Test
    void aSignedMailgunPostBecomesAContactWithTheMessage() {
        String from = customer();
        String messageId = newMessageId();
        JsonNode receipt = postForm(mail(from, messageId, "Leaking pipe", "Water everywhere in the kitchen"))
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        long contactId = receipt.get("contactId").asLong();
        assertThat(receipt.get("duplicate").asBoolean()).isFalse();
        assertThat(count("SELECT contact_id FROM message WHERE external_id = $1", messageId)).isEqualTo(contactId);
        String text = db.sql("SELECT body FROM message WHERE external_id = $1").bind(0, messageId)
                .map(row -> row.get(0, String.class)).one().block(WAIT);
        assertThat(text).startsWith("Subject: Leaking pipe\n\n").contains("Water everywhere");
        assertThat(count("SELECT count(*) FROM customer_identity i JOIN customer c ON c.id = i.customer_id"
                + " WHERE i.channel = 'email' AND i.handle = $1 AND c.display_name = 'Li Lei'", from)).isEqualTo(1);
    }

    @Test
    void aReplayedTokenIsRefusedAndStoresNothing() {
        MultiValueMap<String, String> first = mail(customer(), newMessageId(), "Hello", "first");
        postForm(first).expectStatus().isOk();

        String secondId = newMessageId();
        MultiValueMap<String, String> replay = mail(customer(), secondId, "Hello", "second");
        replay.set("timestamp", first.getFirst("timestamp"));
        replay.set("token", first.getFirst("token"));
        replay.set("signature", first.getFirst("signature"));
        postForm(replay).expectStatus().isEqualTo(406)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("token has been used before");
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", secondId)).isZero();
    }

    @Test
    void aBadSignatureIsUnauthorizedAndStoresNothing() {
        String from = customer();
        String messageId = newMessageId();
        MultiValueMap<String, String> form = mail(from, messageId, "Hello", "hi");
        form.set("signature", MailgunSignature.sign("key-someone-else", form.getFirst("timestamp"), form.getFirst("token")));

        postForm(form).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("signature does not match");
        assertNothingStored(messageId, from);
    }

    @Test
    void aStaleTimestampIsUnauthorized() {
        String from = customer();
        String messageId = newMessageId();
        MultiValueMap<String, String> form = mail(from, messageId, "Hello", "hi");
        String stale = Long.toString(Webhooks.now() - 301);
        form.set("timestamp", stale);
        form.set("signature", MailgunSignature.sign(SIGNING_KEY, stale, form.getFirst("token")));

        postForm(form).expectStatus().isUnauthorized();
        assertNothingStored(messageId, from);
    }

    @Test
    void theSameMessageIdTwiceIsStoredOnce() {
        String from = customer();
        String messageId = newMessageId();
        long contactId = postForm(mail(from, messageId, "Hello", "hi")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("contactId").asLong();

        JsonNode again = postForm(mail(from, messageId, "Hello", "hi")).expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("contactId").asLong()).isEqualTo(contactId);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", messageId)).isEqualTo(1);
    }

    @Test
    void aReplyWithInReplyToJoinsTheContactEvenFromAnotherAddress() {
        String first = newMessageId();
        String customer = customer();
        long contactId = contactOf(postForm(mail(customer, first, "Invoice", "twice the usual")));

        String reply = newMessageId();
        MultiValueMap<String, String> form = mail(customer(), reply, "Re: Invoice", "my husband's address, same matter");
        form.add("In-Reply-To", first);
        form.add("References", first);
        assertThat(contactOf(postForm(form))).isEqualTo(contactId);
        assertThat(count("SELECT count(*) FROM message WHERE contact_id = $1", contactId)).isEqualTo(2);
        // Someone else's address joined the thread, not the customer's archive: replies still go to the customer.
        assertThat(db.sql("SELECT customer_handle FROM contact WHERE id = $1").bind(0, contactId)
                .map(row -> row.get(0, String.class)).one().block(WAIT)).isEqualTo(customer);
    }

    @Test
    void aReplyToThePlusAddressTokenJoinsItsContact() {
        long contactId = contactOf(postForm(mail(customer(), newMessageId(), "Meter", "reading is wrong")));

        MultiValueMap<String, String> form = mail(customer(), newMessageId(), "Re: Meter", "here is the photo");
        form.set("recipient", ContactTokens.plusAddress("support@demo.firstline.example",
                ContactTokens.token(SECRET, "demo", contactId)));
        assertThat(contactOf(postForm(form))).isEqualTo(contactId);

        MultiValueMap<String, String> forged = mail(customer(), newMessageId(), "Re: Meter", "let me in");
        forged.set("recipient", "support+c" + contactId + ".00000000000000000000@demo.firstline.example");
        assertThat(contactOf(postForm(forged))).isNotEqualTo(contactId);
    }

    @Test
    void aMultipartPostRecordsAttachmentsAndRefusesOversizedOnes() {
        String messageId = newMessageId();
        // Built by hand, as Mailgun sends it: text fields, then the files with their own content types.
        String boundary = "mailgun-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        mail(customer(), messageId, "Photos", "see attached").forEach((name, values) -> body.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(values.get(0)).append("\r\n"));
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"attachment-count\"\r\n\r\n2\r\n");
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"attachment-1\"; filename=\"meter.jpg\"\r\n")
                .append("Content-Type: image/jpeg\r\n\r\n").append("j".repeat(300)).append("\r\n");
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"attachment-2\"; filename=\"video.mp4\"\r\n")
                .append("Content-Type: video/mp4\r\n\r\n").append("v".repeat(5000)).append("\r\n");
        body.append("--").append(boundary).append("--\r\n");

        http.post().uri("/webhooks/email/demo").contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
                .bodyValue(body.toString().getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isOk();

        assertThat(count("SELECT count(*) FROM email_attachment WHERE message_id = $1 AND file_name = 'meter.jpg'"
                + " AND content_type = 'image/jpeg' AND size_bytes = 300 AND refused_reason IS NULL", messageId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM email_attachment WHERE message_id = $1 AND file_name = 'video.mp4'"
                + " AND size_bytes = 5000 AND refused_reason = 'larger than 1000 bytes'", messageId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1 AND body LIKE '%video.mp4%refused%'", messageId))
                .isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        String from = customer();
        String messageId = newMessageId();
        postForm(mail(from, messageId, "Big", "x".repeat(250_000))).expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertNothingStored(messageId, from);
    }

    @Test
    void aSignedRawMimeMessageBecomesAContact() {
        String from = customer();
        String messageId = newMessageId();
        byte[] mime = rawMime(from, messageId, null).getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.newId();
        long now = Webhooks.now();

        JsonNode receipt = postRaw(mime, id, now, StandardWebhookVerifier.signatureHeader(SECRET, id, Long.toString(now), mime))
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(count("SELECT contact_id FROM message WHERE external_id = $1", messageId))
                .isEqualTo(receipt.get("contactId").asLong());
        assertThat(count("SELECT count(*) FROM email_attachment WHERE message_id = $1 AND file_name = 'bill.pdf'"
                + " AND content_type = 'application/pdf' AND size_bytes = 12", messageId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM customer_identity WHERE channel = 'email' AND handle = $1", from)).isEqualTo(1);
    }

    @Test
    void aRawMimeMessageSignedWithAnotherSecretIsUnauthorized() {
        String from = customer();
        String messageId = newMessageId();
        byte[] mime = rawMime(from, messageId, null).getBytes(StandardCharsets.UTF_8);
        String id = Webhooks.newId();
        long now = Webhooks.now();
        postRaw(mime, id, now, StandardWebhookVerifier.signatureHeader(Webhooks.DEMO_SECRET, id, Long.toString(now), mime))
                .expectStatus().isUnauthorized();
        assertNothingStored(messageId, from);
    }

    @Test
    void anAgentsReplyReachesTheSmtpServerThreadedAndWithTheContactToken() throws Exception {
        String from = customer();
        String first = newMessageId();
        long contactId = contactOf(postForm(mail(from, first, "Leaking pipe", "water")));
        String second = newMessageId();
        MultiValueMap<String, String> more = mail(from, second, "Re: Leaking pipe", "still leaking");
        more.add("In-Reply-To", first);
        contactOf(postForm(more));

        OutboundReceipt receipt = outbound.send(new OutboundMessage(contactId, "demo", from, "A plumber comes at 3 pm.",
                "Agent One", second, List.of(first), null)).block(WAIT);

        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getHeader("Message-ID", null)).isEqualTo(receipt.externalId());
        assertThat(received.getHeader("In-Reply-To", null)).isEqualTo(second);
        assertThat(received.getHeader("References", " ").replaceAll("\\s+", " ")).isEqualTo(first + " " + second);
        assertThat(received.getSubject()).isEqualTo("Re: Leaking pipe");
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo("support@demo.firstline.example");
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Agent One");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo(from);
        String replyTo = ((InternetAddress) received.getReplyTo()[0]).getAddress();
        assertThat(ContactTokens.contactOf(SECRET, "demo", replyTo)).contains(contactId);
        assertThat(received.getContent().toString()).contains("A plumber comes at 3 pm.");

        // The customer's answer to that reply threads back by its In-Reply-To.
        MultiValueMap<String, String> answer = mail(customer(), newMessageId(), "Re: Re: Leaking pipe", "thanks");
        answer.add("In-Reply-To", receipt.externalId());
        db.sql("INSERT INTO message (contact_id, channel, external_id, direction, author, body, created_at)"
                        + " VALUES ($1, 'email', $2, 'outbound', 'Agent One', 'A plumber comes at 3 pm.', now())")
                .bind(0, contactId).bind(1, receipt.externalId()).then().block(WAIT);
        assertThat(contactOf(postForm(answer))).isEqualTo(contactId);
    }

    @Test
    void anUnreachableSmtpServerFailsTheDeliveryWithAClearMessage() {
        assertThatThrownBy(() -> outbound.send(new OutboundMessage(1, "down", "li@example.com", "hi", "Agent One",
                null, List.of(), null)).block(WAIT))
                .isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("localhost:1");
    }

    @Test
    void aNulInTheMailIsStrippedAndTheRemovalRecordedInTheStoredText() {
        String from = customer();
        String messageId = newMessageId();
        JsonNode receipt = postForm(mail(from, messageId, "Bill\u0000 query", "Amount\u0000 is wrong"))
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(receipt.get("contactId").isNumber()).isTrue();
        String text = db.sql("SELECT body FROM message WHERE external_id = $1").bind(0, messageId)
                .map(row -> row.get(0, String.class)).one().block(WAIT);
        assertThat(text).startsWith("Subject: Bill query\n\n").contains("Amount is wrong")
                .doesNotContain("\u0000").contains("characters that cannot be stored (U+0000 NUL or an unpaired surrogate) were removed]");
    }

    // --- helpers ---

    private WebTestClient.ResponseSpec postForm(MultiValueMap<String, String> form) {
        return http.post().uri("/webhooks/email/demo").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form)).exchange();
    }

    private WebTestClient.ResponseSpec postRaw(byte[] mime, String id, long timestamp, String signature) {
        return http.post().uri("/webhooks/email/demo").contentType(MediaType.parseMediaType("message/rfc822"))
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature).bodyValue(mime).exchange();
    }

    private long contactOf(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody().get("contactId").asLong();
    }

    /** A Mailgun "forward" route post, signed with the demo signing key. */
    static MultiValueMap<String, String> mail(String from, String messageId, String subject, String text) {
        String timestamp = Long.toString(Webhooks.now());
        String token = UUID.randomUUID().toString().replace("-", "") + "abcdefghijklmnopqr";
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("recipient", "support@demo.firstline.example");
        form.add("sender", from);
        form.add("from", "Li Lei <" + from.toUpperCase() + ">");
        form.add("subject", subject);
        form.add("body-plain", text + "\n\n> quoted earlier mail");
        form.add("stripped-text", text);
        form.add("Message-Id", messageId);
        form.add("timestamp", timestamp);
        form.add("token", token);
        form.add("signature", MailgunSignature.sign(SIGNING_KEY, timestamp, token));
        return form;
    }

    static String rawMime(String from, String messageId, String inReplyTo) {
        return "From: Wang Fang <" + from + ">\r\n"
                + "To: support@demo.firstline.example\r\n"
                + "Subject: =?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString("账单有误".getBytes(StandardCharsets.UTF_8)) + "?=\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n")
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "我的账单金额是平时的两倍。\r\n"
                + "--b1\r\nContent-Type: application/pdf; name=\"bill.pdf\"\r\nContent-Disposition: attachment; filename=\"bill.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getEncoder().encodeToString("%PDF-1.4 abc".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
                + "--b1--\r\n";
    }

    private void assertNothingStored(String messageId, String from) {
        assertThat(count("SELECT count(*) FROM message WHERE external_id = $1", messageId)).isZero();
        assertThat(count("SELECT count(*) FROM customer_identity WHERE channel = 'email' AND handle = $1", from)).isZero();
    }

    private static String customer() {
        return "customer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String newMessageId() {
        return "<" + UUID.randomUUID() + "@mail.example.com>";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
