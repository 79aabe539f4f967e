package io.firstline.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's own documented example vectors (https://www.twilio.com/docs/usage/security). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static List<Map.Entry<String, String>> params(String caller) {
        // Deliberately not in name order: the signature sorts them.
        return List.of(Map.entry("To", "+18005551212"), Map.entry("Digits", "1234"), Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("From", caller), Map.entry("Caller", caller));
    }

    @Test
    void reproducesTheDocumentedExample() {
        assertThat(TwilioSignature.sign(TOKEN, URL, params("+12349013030"))).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
    }

    @Test
    void reproducesTheOlderDocumentedExample() {
        // The same example with the caller +14158675309, as the Twilio SDKs' tests carry it.
        assertThat(TwilioSignature.sign(TOKEN, URL, params("+14158675309"))).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void anyChangeBreaksTheSignature() {
        String good = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        assertThat(TwilioSignature.valid("54321", URL, params("+12349013030"), good)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL + "&baz=3", params("+12349013030"), good)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013031"), good)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), null)).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), "")).isFalse();
    }

    @Test
    void formBodiesAreDecodedBeforeSigning() {
        var decoded = PhoneWebhookController.formParams(
                "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212");
        assertThat(TwilioSignature.sign(TOKEN, URL, decoded)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    /** The vectors printed in channels/phone/README.md for the demo account. */
    @Test
    void theReadmeVectorsForTheDemoAccountHold() {
        var params = PhoneWebhookController.formParams("CallSid=CA5f3b0e7d2c4a1b9e8d7c6b5a4f3e2d1c&From=%2B8613800138000"
                + "&To=%2B861088886666&CallStatus=ringing&Direction=inbound&AccountSid=AC00000000000000000000000000000000");
        assertThat(TwilioSignature.sign("firstline-demo-twilio-auth-token", "http://localhost:8080/webhooks/phone/demo", params))
                .isEqualTo("z68C+skM0BvY5z9LJ7ZfC+/24hQ=");
        String secret = "whsec_Zmlyc3RsaW5lLWRlbW8tcGhvbmUtc2VjcmV0LTMyYg==";
        String event = "{\"callId\":\"1732530000.42\",\"event\":\"ringing\",\"from\":\"+8613800138000\",\"to\":\"+861088886666\","
                + "\"at\":\"2026-01-05T08:31:12Z\"}";
        assertThat(io.firstline.channel.StandardWebhookVerifier.signatureHeader(secret, "evt_1", "1767601872",
                event.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("v1,ogfrWl5m7EofQd4IvIc+GJ5YSW6cFyVDznEihneb/Us=");
        String ring = "{\"callId\":\"1732530000.42\",\"agentId\":2,\"extension\":\"sip:agent1@pbx.demo.example\",\"contactId\":17}";
        assertThat(io.firstline.channel.StandardWebhookVerifier.signatureHeader(secret, "ring_1", "1767601880",
                ring.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("v1,IEVKaZGk6NlNxAaQWoBnAmtGjBLqlCknyR4NuKjPpjs=");
    }

    @Test
    void aSignatureOverTheUrlWithTheDefaultPortIsValidOverTheUrlWithoutItAndBack() {
        String withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
        String signedWithPort = TwilioSignature.sign(TOKEN, withPort, params("+12349013030"));
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), signedWithPort)).isTrue();
        assertThat(TwilioSignature.valid(TOKEN, withPort, params("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
        String http = "http://example.com/webhooks/phone/demo";
        String signedHttpWithPort = TwilioSignature.sign(TOKEN, "http://example.com:80/webhooks/phone/demo", params("+1"));
        assertThat(TwilioSignature.valid(TOKEN, http, params("+1"), signedHttpWithPort)).isTrue();
    }

    @Test
    void anotherPortIsNotTheDefaultOne() {
        String signedOn8443 = TwilioSignature.sign(TOKEN, "https://mycompany.com:8443/myapp.php?foo=1&bar=2", params("+12349013030"));
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), signedOn8443)).isFalse();
        // http's default port is not https's.
        String signedOn80 = TwilioSignature.sign(TOKEN, "https://mycompany.com:80/myapp.php?foo=1&bar=2", params("+12349013030"));
        assertThat(TwilioSignature.valid(TOKEN, URL, params("+12349013030"), signedOn80)).isFalse();
        assertThat(TwilioSignature.urlVariants("http://localhost:8080/webhooks/phone/demo"))
                .containsExactly("http://localhost:8080/webhooks/phone/demo");
    }

    @Test
    void aPublicUrlOnPortZeroTakesThePortTheAppListensOn() {
        assertThat(new PhoneProperties.Account("t", null, "http://localhost:0", null).base(41234)).isEqualTo("http://localhost:41234");
        assertThat(new PhoneProperties.Account("t", null, "http://localhost:0/", null).base(41234)).isEqualTo("http://localhost:41234");
        assertThat(new PhoneProperties.Account("t", null, "https://pbx.example.com:8443", null).base(41234))
                .isEqualTo("https://pbx.example.com:8443");
        assertThat(new PhoneProperties.Account("t", null, "https://pbx.example.com", null).base(41234)).isEqualTo("https://pbx.example.com");
    }
}
