package io.firstline.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import io.firstline.channel.StandardWebhookVerifier;
import io.firstline.channel.email.MailgunSignature;
import io.firstline.channel.phone.TwilioSignature;
import io.firstline.channel.wechat.WechatSignature;
import io.firstline.kernel.Ids;

/**
 * Builds webhooks exactly as each provider signs them: Standard Webhooks (web chat), WeChat plain mode
 * (SHA-1 of sorted token, timestamp, nonce), a Mailgun form (HMAC-SHA256 of timestamp + token) and a
 * Twilio voice callback (X-Twilio-Signature over the public URL and the sorted parameters).
 */
final class SignedDeliveries {

    /** One HTTP request to post: a path (with query) under the target, its content type, headers and body. */
    record Delivery(String channel, String pathAndQuery, String contentType, Map<String, String> headers, String body) {
    }

    static final String WECHAT_TO = "gh_firstline_demo";
    static final String EMAIL_TO = "support@demo.firstline.example";
    static final String PHONE_TO = "+861088886666";

    private SignedDeliveries() {
    }

    // ------------------------------------------------------------------ web chat

    static Delivery webchat(String account, String secret, long now, String visitorId, String name, String text) {
        String id = "msg_" + Ids.random();
        String body = "{\"visitorId\":\"" + json(visitorId) + "\",\"messageId\":\"" + Ids.random() + "\",\"text\":\"" + json(text)
                + "\",\"name\":\"" + json(name) + "\"}";
        String timestamp = Long.toString(now);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature",
                StandardWebhookVerifier.signatureHeader(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
        return new Delivery("webchat", "/webhooks/webchat/" + account, "application/json", headers, body);
    }

    // ------------------------------------------------------------------ WeChat (plain mode)

    static Delivery wechat(String account, String token, long now, String openId, String text) {
        String timestamp = Long.toString(now);
        String nonce = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 10_000_000_000L));
        String signature = WechatSignature.sign(token, timestamp, nonce);
        long msgId = ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE);
        String body = "<xml><ToUserName><![CDATA[" + WECHAT_TO + "]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + timestamp + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]></Content>"
                + "<MsgId>" + msgId + "</MsgId></xml>";
        String query = "?signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce;
        return new Delivery("wechat", "/webhooks/wechat/" + account + query, "text/xml;charset=UTF-8", Map.of(), body);
    }

    // ------------------------------------------------------------------ e-mail (Mailgun form)

    /** {@code inReplyTo} is the Message-Id of the customer's first mail for a follow-up, else null. */
    static Delivery email(String account, String signingKey, long now, String from, String name, String subject, String text,
                          String messageId, String inReplyTo) {
        String timestamp = Long.toString(now);
        String token = Ids.random().replace("-", "") + Ids.random().replace("-", "").substring(0, 18);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("timestamp", timestamp);
        fields.put("token", token);
        fields.put("signature", MailgunSignature.sign(signingKey, timestamp, token));
        fields.put("recipient", EMAIL_TO);
        fields.put("sender", from);
        fields.put("from", name + " <" + from + ">");
        fields.put("To", EMAIL_TO);
        fields.put("subject", inReplyTo == null ? subject : "Re: " + subject);
        fields.put("body-plain", text);
        fields.put("Message-Id", messageId);
        if (inReplyTo != null) {
            fields.put("In-Reply-To", inReplyTo);
            fields.put("References", inReplyTo);
        }
        return new Delivery("email", "/webhooks/email/" + account, "application/x-www-form-urlencoded;charset=UTF-8", Map.of(),
                form(fields));
    }

    // ------------------------------------------------------------------ phone (Twilio voice callback)

    /** {@code status} is {@code ringing} for a new call, {@code completed} when the caller hangs up. */
    static Delivery phone(String account, String authToken, String publicUrl, String callSid, String from, String status) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", "AC00000000000000000000000000000000");
        params.put("ApiVersion", "2010-04-01");
        params.put("CallSid", callSid);
        params.put("CallStatus", status);
        params.put("Called", PHONE_TO);
        params.put("Caller", from);
        params.put("Direction", "inbound");
        params.put("From", from);
        params.put("To", PHONE_TO);
        String path = "/webhooks/phone/" + account;
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String signature = TwilioSignature.sign(authToken, base + path, List.copyOf(params.entrySet()));
        return new Delivery("phone", path, "application/x-www-form-urlencoded;charset=UTF-8",
                Map.of("X-Twilio-Signature", signature), form(params));
    }

    static String callSid() {
        return "CA" + Ids.random().replace("-", "");
    }

    static String openId() {
        return "o" + Ids.random().replace("-", "").substring(0, 27);
    }

    static String mobile() {
        return "+86138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
