package io.firstline.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import io.firstline.support.AppTestBase;
import io.firstline.support.ConsoleSocket;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Walk-ins and letters registered by an agent (DOMAIN §1–§2): theirs at once, with deadlines, found customers. */
@TestPropertySource(properties = {"firstline.db.name=firstline_test_registration",
        "firstline.registration.max-attachment-size=64KB"})
class RegistrationTest extends AppTestBase {

    private JsonNode register(String token, Object body) {
        return http.post().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static String phone() {
        return "138" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }

    static final String BOUNDARY = "firstline-test-boundary-7d1c";

    /**
     * A multipart form as a browser sends it, built here with a fixed boundary (the test client's own writer draws a
     * random boundary from SecureRandom on an event loop, which BlockHound rightly refuses).
     */
    static byte[] form(Map<String, String> fields, String fileName, String fileType, byte[] file) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> text = line -> out.writeBytes(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fields.forEach((name, value) -> text.accept("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n"));
        if (file != null) {
            text.accept("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + fileType + "\r\n\r\n");
            out.writeBytes(file);
            text.accept("\r\n");
        }
        text.accept("--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postForm(String token, byte[] body) {
        return http.post().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY)).bodyValue(body).exchange();
    }

    @Test
    void aWalkInIsTheRegisteringAgentsAtOnceWithItsDeadlinesAndOnTheirConsole() {
        String token = login("agent1");
        ConsoleSocket console = console(token);
        String number = phone();

        JsonNode registered = register(token, Map.of("channel", "visit",
                "customer", Map.of("name", "Wang Fang", "phone", number.substring(0, 3) + " " + number.substring(3, 7) + " " + number.substring(7)),
                "text", "投诉: the repair crew left a hole in the pavement", "category", "complaint"));

        JsonNode contact = registered.get("contact");
        long id = contact.get("id").asLong();
        assertThat(contact.get("channel").asString()).isEqualTo("visit");
        assertThat(contact.get("status").asString()).isEqualTo("in_progress");
        assertThat(contact.get("type").asString()).isEqualTo("complaint");
        assertThat(contact.get("firstResponder").get("id").asLong()).isEqualTo(agentId("agent1"));
        assertThat(contact.get("assignee").get("id").asLong()).isEqualTo(agentId("agent1"));
        assertThat(contact.get("deadlines")).extracting(d -> d.get("name").asString())
                .containsExactlyInAnyOrder("acknowledge", "investigate", "reply", "resolve");
        assertThat(contact.get("messages").get(0).get("text").asString()).contains("hole in the pavement");
        assertThat(registered.get("customerFoundBy").asString()).isEqualTo("phone");
        console.await(f -> "contact.assigned".equals(f.path("type").asString()) && f.path("data").path("id").asLong() == id, WAIT);
        assertThat(count("SELECT count(*) FROM customer_identity i JOIN contact c ON c.customer_id = i.customer_id "
                + "WHERE c.id = $1 AND i.channel = 'phone' AND i.handle = $2", id, "+86" + number)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM contact_event WHERE contact_id = $1 AND kind = 'received' AND actor = 'agent1'", id))
                .isEqualTo(1);

        // The same customer comes back: found by the number, however it is written.
        JsonNode again = register(login("agent2"), Map.of("channel", "visit",
                "customer", Map.of("name", "Fang Wang", "phone", "+86 " + number), "text", "where is my refund?"));
        assertThat(again.get("contact").get("customer").get("id").asLong()).isEqualTo(contact.get("customer").get("id").asLong());
        assertThat(again.get("contact").get("type").asString()).isEqualTo("inquiry");
        assertThat(again.get("contact").get("firstResponder").get("id").asLong()).isEqualTo(agentId("agent2"));

        // Follow-up as for any complaint once it is resolved.
        JsonNode resolved = http.post().uri("/api/v1/contacts/" + id + "/resolve").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(resolved.get("status").asString()).isEqualTo("follow_up");
    }

    @Test
    void aCustomerWithoutNumberOrAddressIsFoundByNameWhenOnlyOneHasItOtherwiseCreated() {
        String token = login("agent3");
        String name = "Li Lei " + UUID.randomUUID();
        JsonNode first = register(token, Map.of("channel", "visit", "customer", Map.of("name", name), "text", "opening hours?"));
        assertThat(first.get("customerFoundBy").asString()).isEqualTo("new");

        JsonNode second = register(token, Map.of("channel", "visit", "customer", Map.of("name", "  " + name.toUpperCase() + " "),
                "text", "and on Sundays?"));
        assertThat(second.get("customerFoundBy").asString()).isEqualTo("name");
        assertThat(second.get("contact").get("customer").get("id").asLong()).isEqualTo(first.get("contact").get("customer").get("id").asLong());
    }

    @Test
    void aLetterIsRegisteredWithItsScanWhichTheFirstResponderCanDownload() {
        String token = login("agent2");
        byte[] scan = new byte[20_000];
        Arrays.fill(scan, (byte) 7);
        byte[] letter = form(Map.of("channel", "letter", "name", "Zhang Wei",
                        "email", "Zhang.Wei." + UUID.randomUUID() + "@Example.com", "text", "建议: please put a bench at the bus stop"),
                "letter-2026-12-01.pdf", "application/pdf", scan);

        JsonNode registered = postForm(token, letter).expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location).startsWith("/api/v1/contacts/"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        long id = registered.get("contact").get("id").asLong();
        assertThat(registered.get("contact").get("channel").asString()).isEqualTo("letter");
        assertThat(registered.get("contact").get("type").asString()).isEqualTo("suggestion");
        assertThat(registered.get("customerFoundBy").asString()).isEqualTo("email");
        assertThat(registered.get("attachments").get(0).get("fileName").asString()).isEqualTo("letter-2026-12-01.pdf");
        assertThat(registered.get("attachments").get(0).get("sizeBytes").asInt()).isEqualTo(20_000);
        long attachment = registered.get("attachments").get(0).get("id").asLong();
        assertThat(count("SELECT count(*) FROM customer_identity i JOIN contact c ON c.customer_id = i.customer_id "
                + "WHERE c.id = $1 AND i.channel = 'email' AND i.handle LIKE 'zhang.wei.%@example.com'", id)).isEqualTo(1);

        byte[] downloaded = http.get().uri("/api/v1/contacts/" + id + "/attachments/" + attachment).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(downloaded).isEqualTo(scan);
        http.get().uri("/api/v1/contacts/" + id + "/attachments/" + attachment).headers(h -> h.setBearerAuth(login("agent4")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void badInputIsABadRequestSayingWhatWasWrongAndStoresNothing() {
        String token = login("agent1");
        long contactsBefore = count("SELECT count(*) FROM contact");
        long attachmentsBefore = count("SELECT count(*) FROM contact_attachment");

        http.post().uri("/api/v1/contacts").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channel", "pigeon", "customer", Map.of("phone", "call me maybe"), "text", " ", "category", "gossip"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("channel must be visit or letter").contains("customer.name is required")
                        .contains("customer.phone").contains("text is required").contains("category"));

        postForm(token, form(Map.of("channel", "letter", "name", "Big Scan", "text", "see the scan"),
                        "huge.png", "image/png", new byte[100_000]))
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        postForm(token, form(Map.of("channel", "letter", "name", "Odd File", "text", "see the file"),
                        "run.exe", "application/octet-stream", new byte[10]))
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(count("SELECT count(*) FROM contact")).isEqualTo(contactsBefore);
        assertThat(count("SELECT count(*) FROM contact_attachment")).isEqualTo(attachmentsBefore);
    }
}
