package io.firstline.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Contact tokens in plus-addresses, and the Message-IDs a reply names. */
class ThreadingTest {

    private static final String SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tZW1haWwtc2VjcmV0LTMyYg==";
    private static final String OTHER = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlcg==";

    @Test
    void aTokenMatchesAnIndependentlyComputedVector() {
        assertThat(ContactTokens.token(SECRET, "demo", 123)).isEqualTo("c123.7b2fa7d439b81ec0c302");
    }

    @Test
    void aReplyToThePlusAddressNamesItsContact() {
        String address = ContactTokens.plusAddress("support@example.com", ContactTokens.token(SECRET, "demo", 123));
        assertThat(address).isEqualTo("support+c123.7b2fa7d439b81ec0c302@example.com");
        assertThat(ContactTokens.contactOf(SECRET, "demo", "Support <" + address + ">")).contains(123L);
        assertThat(ContactTokens.contactOf(SECRET, "demo", "a@x.com, " + address.toUpperCase())).contains(123L);
    }

    @Test
    void aForgedOrForeignTokenNamesNoContact() {
        String forged = "support+c124.7b2fa7d439b81ec0c302@example.com";
        assertThat(ContactTokens.contactOf(SECRET, "demo", forged)).isEmpty();
        String otherAccount = ContactTokens.plusAddress("support@example.com", ContactTokens.token(SECRET, "other", 123));
        assertThat(ContactTokens.contactOf(SECRET, "demo", otherAccount)).isEmpty();
        String otherSecret = ContactTokens.plusAddress("support@example.com", ContactTokens.token(OTHER, "demo", 123));
        assertThat(ContactTokens.contactOf(SECRET, "demo", otherSecret)).isEmpty();
        assertThat(ContactTokens.contactOf(SECRET, "demo", "support@example.com")).isEmpty();
        assertThat(ContactTokens.contactOf(null, "demo", forged)).isEmpty();
    }

    @Test
    void aPlusAddressReplacesAnExistingTag() {
        assertThat(ContactTokens.plusAddress("help+sales@example.com", "c9.x")).isEqualTo("help+c9.x@example.com");
    }

    @Test
    void inReplyToComesFirstThenReferencesNewestFirst() {
        assertThat(EmailMessage.threadIds("<c@x>", "<a@x> <b@x>\r\n <c@x>")).containsExactly("<c@x>", "<b@x>", "<a@x>");
        assertThat(EmailMessage.threadIds(null, "<a@x>")).containsExactly("<a@x>");
        assertThat(EmailMessage.threadIds("  ", null)).isEmpty();
    }

    @Test
    void bareIdsGetTheirAngleBracketsBack() {
        assertThat(EmailMessage.ids("abc@mail.example.com")).containsExactly("<abc@mail.example.com>");
        assertThat(EmailMessage.messageIdOr("<abc@x>", "a@x", "s", "b")).isEqualTo("<abc@x>");
    }

    @Test
    void aMailWithoutMessageIdGetsAStableOne() {
        String once = EmailMessage.messageIdOr(null, "a@x", "subject", "body");
        assertThat(once).isEqualTo(EmailMessage.messageIdOr("", "a@x", "subject", "body")).endsWith("@no-message-id.firstline.invalid>");
        assertThat(once).isNotEqualTo(EmailMessage.messageIdOr(null, "a@x", "subject", "other body"));
    }

    @Test
    void repliesReferenceTheWholeThreadEndingWithTheMessageAnswered() {
        assertThat(EmailOutbound.references(List.of("<a@x>", "<b@x>", "<a@x>"), "<b@x>")).isEqualTo("<a@x> <b@x>");
        assertThat(EmailOutbound.references(List.of(), "<c@x>")).isEqualTo("<c@x>");
        assertThat(EmailOutbound.replySubject("Leak", 1)).isEqualTo("Re: Leak");
        assertThat(EmailOutbound.replySubject("RE: Leak", 1)).isEqualTo("RE: Leak");
        assertThat(EmailOutbound.replySubject("", 7)).isEqualTo("Re: your request #7");
    }

    @Test
    void attachmentsOverTheLimitsAreKeptAsRefused() {
        var limited = EmailMessage.limited(List.of(new EmailMessage.Attachment("a.pdf", "application/pdf", 10, null),
                new EmailMessage.Attachment("b.zip", "application/zip", 11, null),
                new EmailMessage.Attachment("c.txt", "text/plain", 1, null)), 2, 10);
        assertThat(limited).extracting(EmailMessage.Attachment::refusedReason)
                .containsExactly(null, "larger than 10 bytes", "more than 2 attachments");
    }
}
