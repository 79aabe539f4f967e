package io.firstline.channel.email;

import io.firstline.kernel.Ids;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import io.firstline.channel.DeliveryFailedException;
import io.firstline.channel.OutboundChannel;
import io.firstline.channel.OutboundMessage;
import io.firstline.channel.OutboundReceipt;
import io.firstline.kernel.Channel;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Agents' replies by SMTP: from the account's {@code from-address}, "Re: " + the customer's subject,
 * {@code In-Reply-To} and {@code References} so the customer's mail client threads them, and a
 * {@code Reply-To} plus-address carrying the contact token so the answer comes back to the same contact.
 * SMTP is blocking: it runs on a small bounded scheduler of its own, with socket timeouts and an
 * overall timeout.
 */
@Component
class EmailOutbound implements OutboundChannel {

    private final EmailProperties properties;
    private final EmailStore store;
    private final Clock clock;
    private final Scheduler smtp;

    EmailOutbound(EmailProperties properties, EmailStore store, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.clock = clock;
        this.smtp = Schedulers.newBoundedElastic(properties.smtpThreads(), properties.smtpQueue(), "email-smtp");
    }

    @PreDestroy
    void stop() {
        smtp.dispose();
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Mono<OutboundReceipt> send(OutboundMessage message) {
        EmailProperties.Account account = properties.accounts().get(message.account());
        if (account == null || account.smtpHost() == null || account.fromAddress() == null) {
            return Mono.error(new DeliveryFailedException("not_configured", "E-mail account '" + message.account()
                    + "' has no smtp-host or from-address configured; the reply was not sent."));
        }
        Mono<String> subject = message.inReplyTo() == null ? Mono.empty() : store.subjectOf(message.inReplyTo());
        return subject.defaultIfEmpty("")
                .map(original -> replySubject(original, message.contactId()))
                .flatMap(replySubject -> Mono.fromCallable(() -> deliver(account, message, replySubject))
                        .subscribeOn(smtp)
                        .timeout(properties.sendTimeout()))
                .onErrorMap(e -> !(e instanceof DeliveryFailedException), e -> failure(account, e));
    }

    static String replySubject(String original, long contactId) {
        String subject = original == null ? "" : original.strip();
        if (subject.isEmpty()) {
            return "Re: your request #" + contactId;
        }
        return subject.toLowerCase(Locale.ROOT).startsWith("re:") ? subject : "Re: " + subject;
    }

    /** In-Reply-To's id last, after the earlier thread ids, without repeats (RFC 5322 §3.6.4). */
    static String references(List<String> threadIds, String inReplyTo) {
        List<String> ids = new ArrayList<>();
        for (String id : threadIds) {
            if (id != null && !id.isBlank() && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (inReplyTo != null && !inReplyTo.isBlank()) {
            ids.remove(inReplyTo);
            ids.add(inReplyTo);
        }
        return String.join(" ", ids);
    }

    private OutboundReceipt deliver(EmailProperties.Account account, OutboundMessage message, String subject)
            throws MessagingException, UnsupportedEncodingException {
        Session session = session(account);
        String domain = account.fromAddress().substring(account.fromAddress().lastIndexOf('@') + 1);
        String messageId = "<" + Ids.random() + "@" + domain + ">";
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        String agent = message.agentName();
        mail.setFrom(agent == null || agent.isBlank() ? new InternetAddress(account.fromAddress())
                : new InternetAddress(account.fromAddress(), agent, "UTF-8"));
        mail.setRecipients(Message.RecipientType.TO, new InternetAddress[] {recipient(message.customerHandle())});
        // Always this channel's own token: only a token signed with the account's secret routes an answer back
        // (OutboundMessage.contactToken is not used by e-mail).
        String token = account.secret() == null ? null : ContactTokens.token(account.secret(), message.account(), message.contactId());
        if (token != null) {
            mail.setReplyTo(new InternetAddress[] {new InternetAddress(ContactTokens.plusAddress(account.fromAddress(), token))});
        }
        mail.setSubject(subject, "UTF-8");
        if (message.inReplyTo() != null && !message.inReplyTo().isBlank()) {
            mail.setHeader("In-Reply-To", message.inReplyTo());
        }
        String references = references(message.threadIds(), message.inReplyTo());
        if (!references.isEmpty()) {
            mail.setHeader("References", MimeUtility.fold("References: ".length(), references));
        }
        mail.setSentDate(Date.from(clock.instant()));
        mail.setText(message.text(), "UTF-8");
        Transport.send(mail);
        return new OutboundReceipt(messageId);
    }

    private static InternetAddress recipient(String handle) {
        try {
            InternetAddress address = new InternetAddress(handle, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new DeliveryFailedException("invalid_address", "The customer's address '" + handle
                    + "' is not a valid e-mail address; the reply was not sent.");
        }
    }

    private Session session(EmailProperties.Account account) {
        Properties smtpProperties = new Properties();
        String millis = Long.toString(properties.sendTimeout().toMillis());
        smtpProperties.put("mail.smtp.host", account.smtpHost());
        smtpProperties.put("mail.smtp.port", Integer.toString(account.port()));
        smtpProperties.put("mail.smtp.connectiontimeout", millis);
        smtpProperties.put("mail.smtp.timeout", millis);
        smtpProperties.put("mail.smtp.writetimeout", millis);
        if (account.starttls()) {
            smtpProperties.put("mail.smtp.starttls.enable", "true");
            smtpProperties.put("mail.smtp.starttls.required", "true");
        }
        if (account.smtpUsername() == null) {
            return Session.getInstance(smtpProperties);
        }
        smtpProperties.put("mail.smtp.auth", "true");
        return Session.getInstance(smtpProperties, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(account.smtpUsername(), account.smtpPassword());
            }
        });
    }

    private DeliveryFailedException failure(EmailProperties.Account account, Throwable e) {
        String server = account.smtpHost() + ":" + account.port();
        if (e instanceof TimeoutException) {
            return new DeliveryFailedException("timeout", "The mail server " + server + " did not take the reply within "
                    + properties.sendTimeout().toSeconds() + " s; it may not have been sent.");
        }
        if (e instanceof RejectedExecutionException) {
            return new DeliveryFailedException("busy", "Too many e-mail replies are waiting to be sent; try again shortly.");
        }
        if (e instanceof MessagingException) {
            return new DeliveryFailedException("smtp_error", "The mail server " + server + " refused or could not take the reply: "
                    + e.getMessage());
        }
        return new DeliveryFailedException("smtp_error", "The reply could not be sent through " + server + ": " + e);
    }
}
