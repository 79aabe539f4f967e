package io.firstline.channel.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.firstline.kernel.StorableText;

/**
 * One inbound e-mail, whichever way it came (Mailgun form or raw MIME).
 *
 * @param messageId  the Message-ID in angle brackets; the dedupe key
 * @param references In-Reply-To first, then References newest first: the messages this one answers
 * @param recipients raw To/Cc/recipient values, searched for a plus-address contact token
 */
record EmailMessage(String messageId, List<String> references, String fromAddress, String fromName, String subject,
                    String body, List<String> recipients, List<Attachment> attachments) {

    private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");

    /** An attachment as received; {@code refusedReason} is set when it broke a limit. */
    record Attachment(String name, String contentType, long size, String refusedReason) {
    }

    /**
     * The ids in an In-Reply-To / References header, in header order. Ids are kept in angle
     * brackets; a bare id (some gateways strip them) gets them back.
     */
    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return ids;
        }
        Matcher m = ID.matcher(header);
        while (m.find()) {
            ids.add(m.group());
        }
        if (ids.isEmpty()) {
            for (String bare : header.trim().split("\\s+")) {
                if (bare.contains("@") && bare.length() <= 900) {
                    ids.add("<" + bare + ">");
                }
            }
        }
        return ids;
    }

    /** In-Reply-To first, then References from the newest (last) to the oldest. */
    static List<String> threadIds(String inReplyTo, String references) {
        List<String> out = new ArrayList<>(ids(inReplyTo));
        List<String> refs = ids(references);
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (!out.contains(refs.get(i))) {
                out.add(refs.get(i));
            }
        }
        return out.size() > 50 ? List.copyOf(out.subList(0, 50)) : out;
    }

    /** The normalised Message-ID, or a stable id derived from the content when the mail has none. */
    static String messageIdOr(String header, String fromAddress, String subject, String body) {
        List<String> ids = ids(header);
        if (!ids.isEmpty() && ids.get(0).length() <= 998) {
            return ids.get(0);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((fromAddress + "\n" + subject + "\n" + body).getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest, 0, 16) + "@no-message-id.firstline.invalid>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the count and size limits: attachments over them are kept as refused, with the reason. */
    static List<Attachment> limited(List<Attachment> received, int maxCount, long maxBytes) {
        List<Attachment> out = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            Attachment a = received.get(i);
            if (i >= maxCount) {
                out.add(new Attachment(a.name(), a.contentType(), a.size(), "more than " + maxCount + " attachments"));
            } else if (a.size() > maxBytes) {
                out.add(new Attachment(a.name(), a.contentType(), a.size(), "larger than " + maxBytes + " bytes"));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The same mail without the characters PostgreSQL cannot store (U+0000, unpaired surrogates), which mail
     * legitimately carries now and then (a NUL in a badly encoded body): the mail is taken, and the caller records
     * that they were removed.
     */
    EmailMessage storable() {
        return new EmailMessage(StorableText.strip(messageId), references.stream().map(StorableText::strip).toList(),
                StorableText.strip(fromAddress), StorableText.strip(fromName), StorableText.strip(subject),
                StorableText.strip(body), recipients.stream().map(StorableText::strip).toList(),
                attachments.stream().map(a -> new Attachment(StorableText.strip(a.name()), StorableText.strip(a.contentType()),
                        a.size(), a.refusedReason())).toList());
    }

    /** Characters in the mail's text fields, to count what {@link #storable()} removed. */
    int characters() {
        int count = length(messageId) + length(fromAddress) + length(fromName) + length(subject) + length(body);
        for (String value : references) {
            count += length(value);
        }
        for (String value : recipients) {
            count += length(value);
        }
        for (Attachment a : attachments) {
            count += length(a.name()) + length(a.contentType());
        }
        return count;
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    /** What the agent reads: subject, body and a line per attachment, cut at {@code maxChars}. */
    String text(int maxChars) {
        StringBuilder text = new StringBuilder();
        if (!subject.isBlank()) {
            text.append("Subject: ").append(subject).append("\n\n");
        }
        text.append(body.isBlank() ? "(no text)" : body.strip());
        if (!attachments.isEmpty()) {
            text.append("\n\nAttachments:");
            for (Attachment a : attachments) {
                text.append("\n- ").append(a.name()).append(" (").append(a.contentType()).append(", ")
                        .append(a.size()).append(" bytes)");
                if (a.refusedReason() != null) {
                    text.append(" refused: ").append(a.refusedReason());
                }
            }
        }
        return text.length() <= maxChars ? text.toString() : text.substring(0, maxChars) + "\n[cut at " + maxChars + " characters]";
    }
}
