package io.firstline.channel.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Turns the two webhook forms into an {@link EmailMessage}: Mailgun's parsed-message form post
 * (URL-encoded or multipart) and a raw RFC 5322 message. Works on bytes already in memory; it
 * still runs on a bounded elastic thread because Jakarta Mail reads through streams.
 */
final class EmailParsing {

    /** A refusal that is the sender's fault: 400 with this message. */
    static final class MalformedEmailException extends RuntimeException {
        MalformedEmailException(String message) {
            super(message);
        }
    }

    /** The Mailgun form's fields (case-insensitive names, first value wins) and its attachments. */
    record Form(Map<String, String> fields, List<EmailMessage.Attachment> attachments) {

        String field(String name) {
            String value = fields.get(name);
            return value == null ? null : value;
        }
    }

    private static final Session SESSION = Session.getInstance(new Properties());

    private EmailParsing() {
    }

    static Form urlEncoded(byte[] body) {
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String text = new String(body, StandardCharsets.US_ASCII);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new MalformedEmailException("the form body is not valid URL encoding");
            }
        }
        return new Form(fields, List.of());
    }

    static Form multipart(byte[] body, String contentType) {
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<EmailMessage.Attachment> attachments = new ArrayList<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null) {
                    continue;
                }
                ContentDisposition cd = new ContentDisposition(disposition[0]);
                String name = cd.getParameter("name");
                String fileName = cd.getParameter("filename");
                if (fileName != null) {
                    attachments.add(new EmailMessage.Attachment(decodeFileName(fileName), baseType(part.getContentType()),
                            size(part), null));
                } else if (name != null) {
                    fields.putIfAbsent(name, new String(part.getInputStream().readAllBytes(), charset(part.getContentType())));
                }
            }
        } catch (MessagingException | IOException e) {
            throw new MalformedEmailException("the multipart form body cannot be read: " + e.getMessage());
        }
        return new Form(fields, attachments);
    }

    /** A Mailgun form as a message; {@code from} (else {@code sender}) must hold an address. */
    static EmailMessage fromForm(Form form) {
        InternetAddress from = address(form.field("from"));
        if (from == null) {
            from = address(form.field("sender"));
        }
        if (from == null) {
            throw new MalformedEmailException("from (or sender) must be an e-mail address");
        }
        String subject = orEmpty(form.field("subject"));
        String stripped = form.field("stripped-text");
        String body = stripped != null && !stripped.isBlank() ? stripped : orEmpty(form.field("body-plain"));
        String fromAddress = from.getAddress().toLowerCase(Locale.ROOT);
        List<String> recipients = new ArrayList<>();
        for (String field : List.of("recipient", "To", "Cc")) {
            if (form.field(field) != null) {
                recipients.add(form.field(field));
            }
        }
        return new EmailMessage(EmailMessage.messageIdOr(form.field("Message-Id"), fromAddress, subject, body),
                EmailMessage.threadIds(form.field("In-Reply-To"), form.field("References")),
                fromAddress, from.getPersonal(), subject, body, recipients, form.attachments());
    }

    static EmailMessage raw(byte[] mime) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(mime));
            InternetAddress from = address(message.getHeader("From", ","));
            if (from == null) {
                from = address(message.getHeader("Sender", ","));
            }
            if (from == null) {
                throw new MalformedEmailException("the message has no From address");
            }
            String subject = orEmpty(message.getSubject());
            List<EmailMessage.Attachment> attachments = new ArrayList<>();
            StringBuilder plain = new StringBuilder();
            StringBuilder html = new StringBuilder();
            walk(message, plain, html, attachments, 0);
            String body = !plain.isEmpty() ? plain.toString() : html.toString().replaceAll("(?s)<[^>]*>", " ").replaceAll("[ \\t]+", " ");
            String fromAddress = from.getAddress().toLowerCase(Locale.ROOT);
            List<String> recipients = new ArrayList<>();
            for (String header : List.of("To", "Cc", "Delivered-To", "X-Original-To")) {
                String value = message.getHeader(header, ",");
                if (value != null) {
                    recipients.add(value);
                }
            }
            return new EmailMessage(EmailMessage.messageIdOr(message.getHeader("Message-ID", " "), fromAddress, subject, body),
                    EmailMessage.threadIds(message.getHeader("In-Reply-To", " "), message.getHeader("References", " ")),
                    fromAddress, from.getPersonal(), subject, body, recipients, attachments);
        } catch (MessagingException | IOException e) {
            throw new MalformedEmailException("the message is not valid MIME: " + e.getMessage());
        }
    }

    private static void walk(Part part, StringBuilder plain, StringBuilder html, List<EmailMessage.Attachment> attachments,
                             int depth) throws MessagingException, IOException {
        if (depth > 10) {
            throw new MalformedEmailException("MIME parts are nested more than 10 deep");
        }
        String fileName = part.getFileName();
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
        if (part.isMimeType("multipart/*") && !attachment) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), plain, html, attachments, depth + 1);
            }
        } else if (attachment) {
            attachments.add(new EmailMessage.Attachment(fileName == null ? "unnamed" : decodeFileName(fileName),
                    baseType(part.getContentType()), size(part), null));
        } else if (part.isMimeType("text/plain") && plain.isEmpty()) {
            plain.append(textOf(part));
        } else if (part.isMimeType("text/html") && html.isEmpty()) {
            html.append(textOf(part));
        }
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        return content instanceof String s ? s : new String(part.getInputStream().readAllBytes(), charset(part.getContentType()));
    }

    private static long size(Part part) throws MessagingException, IOException {
        long size = 0;
        try (InputStream in = part.getInputStream()) {
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; ) {
                size += n;
            }
        }
        return size;
    }

    private static String decodeFileName(String name) {
        try {
            return MimeUtility.decodeText(name);
        } catch (UnsupportedEncodingException e) {
            return name;
        }
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "application/octet-stream";
        }
        try {
            return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    private static java.nio.charset.Charset charset(String contentType) {
        try {
            String name = contentType == null ? null : new ContentType(contentType).getParameter("charset");
            return name == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(MimeUtility.javaCharset(name));
        } catch (MessagingException | IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static InternetAddress address(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header, false);
            return parsed.length == 0 || parsed[0].getAddress() == null || !parsed[0].getAddress().contains("@") ? null : parsed[0];
        } catch (AddressException e) {
            return null;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
