package io.firstline.channel.email;

/** For tests outside this package: the demo mailbox's reply address carrying a contact's token. */
public final class DemoMailbox {

    public static final String SECRET = "whsec_Zmlyc3RsaW5lLWRlbW8tZW1haWwtc2VjcmV0LTMyYg==";

    private DemoMailbox() {
    }

    /** {@code support+c<id>.<mac>@demo.firstline.example}, as the demo account's replies carry it. */
    public static String replyAddressOf(long contactId) {
        return ContactTokens.plusAddress("support@demo.firstline.example", ContactTokens.token(SECRET, "demo", contactId));
    }
}
