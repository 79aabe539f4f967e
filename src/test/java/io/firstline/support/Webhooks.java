package io.firstline.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import io.firstline.channel.StandardWebhookVerifier;

/** Builds signed web-chat webhook calls the way a real sender would. */
public final class Webhooks {

    /** The demo account's secret (application-demo.yaml). */
    public static final String DEMO_SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8td2ViY2hhdC1zZWNyZXQtMzI=";

    private Webhooks() {
    }

    public static String newId() {
        return "msg_" + UUID.randomUUID();
    }

    public static String body(String visitorId, String text, String name) {
        return "{\"visitorId\":\"" + visitorId + "\",\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"" + text + "\""
                + (name == null ? "" : ",\"name\":\"" + name + "\"") + "}";
    }

    public static String signature(String secret, String id, long timestamp, String body) {
        return StandardWebhookVerifier.signatureHeader(secret, id, Long.toString(timestamp), body.getBytes(StandardCharsets.UTF_8));
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }
}
