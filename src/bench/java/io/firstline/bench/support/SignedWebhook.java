package io.firstline.bench.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web-chat webhooks signed the Standard Webhooks way, as the app's {@code SignedDeliveries} builds them:
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">} with the base64-decoded
 * {@code whsec_} key. Every webhook has a unique id and, unless given, a new visitor.
 */
public final class SignedWebhook {

    /** One request: its path, headers and body. */
    public record Request(String path, String id, String timestamp, String signature, byte[] body, String visitorId) {
    }

    private final String account;
    private final String secret;
    private final byte[] key;
    private final String runId;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadLocal<Mac> macs;

    public SignedWebhook(String account, String secret) {
        this.account = account;
        this.secret = secret;
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.runId = Long.toString(System.currentTimeMillis(), 36);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A fresh {@code whsec_} secret of 32 random bytes. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    public String account() {
        return account;
    }

    public String secret() {
        return secret;
    }

    /** The command-line argument that configures this account in the app. */
    public String appArgument() {
        return "--firstline.channels.webchat.accounts." + account + ".secret=" + secret;
    }

    /** A message from a new visitor (unique webhook id, message id and visitor). */
    public Request next(String text) {
        long n = sequence.incrementAndGet();
        return build("v-" + runId + "-" + n, n, text);
    }

    /** A message from the given visitor. */
    public Request build(String visitorId, long n, String text) {
        String id = "msg_" + runId + "_" + n;
        String body = "{\"visitorId\":\"" + visitorId + "\",\"messageId\":\"m-" + runId + "-" + n + "\",\"text\":\"" + text
                + "\",\"name\":\"" + visitorId + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = macs.get();
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(bytes));
        return new Request("/webhooks/webchat/" + account, id, timestamp, signature, bytes, visitorId);
    }
}
