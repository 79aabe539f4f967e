package io.firstline.channel.webchat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.firstline.kernel.Ids;
import io.firstline.channel.StandardWebhookVerifier;
import org.springframework.stereotype.Component;

/**
 * Visitor tokens for the chat widget: HS256 JWTs naming one web-chat account and one visitor.
 * They are signed with a key derived from the account's own secret, never with the agents' key,
 * so a visitor token opens nothing but that account's {@code /ws/chat} and an agent token opens no chat.
 */
@Component
class VisitorTokens {

    static final String AUDIENCE = "firstline-chat";
    /** Widget visitors' ids start with this; replies to them travel over /ws/chat (see {@link WebchatOutbound}). */
    static final String VISITOR_PREFIX = "wv-";

    record Visitor(String account, String visitorId, Instant expiresAt) {
        String handle() {
            return account + ":" + visitorId;
        }
    }

    record Issued(String token, Visitor visitor) {
    }

    private final Map<String, MACSigner> signers = new HashMap<>();
    private final Map<String, List<MACVerifier>> verifiers = new HashMap<>();
    private final WebchatProperties properties;
    private final Clock clock;

    VisitorTokens(WebchatProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        properties.accounts().forEach((account, settings) -> {
            if (settings.secret() == null) {
                return;
            }
            try {
                signers.put(account, new MACSigner(derivedKey(settings.secret())));
                verifiers.put(account, settings.secrets().stream().map(VisitorTokens::verifier).toList());
            } catch (JOSEException e) {
                throw new IllegalStateException("web-chat account " + account + ": cannot build the visitor-token key", e);
            }
        });
    }

    boolean knows(String account) {
        return signers.containsKey(account);
    }

    /** A token for a new visitor of {@code account}, or for the visitor {@code previous} names when it may be renewed. */
    Issued issue(String account, String previous) {
        String visitorId = Optional.ofNullable(previous).flatMap(token -> renewable(account, token))
                .orElseGet(() -> VISITOR_PREFIX + Ids.random());
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.widget().visitorTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(AUDIENCE)
                .subject(visitorId)
                .claim("account", account)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signers.get(account));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new Issued(jwt.serialize(), new Visitor(account, visitorId, expiresAt));
    }

    /** The visitor a token names, if one of the account's keys signed it for the chat and it has not expired. */
    Optional<Visitor> verify(String token) {
        return signed(token).filter(visitor -> visitor.expiresAt().isAfter(clock.instant()));
    }

    private Optional<String> renewable(String account, String token) {
        Instant oldest = clock.instant().minus(properties.widget().visitorRenewWithin());
        return signed(token).filter(visitor -> visitor.account().equals(account))
                .filter(visitor -> visitor.expiresAt().isAfter(oldest))
                .map(Visitor::visitorId);
    }

    private Optional<Visitor> signed(String token) {
        if (token == null || token.isBlank() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String account = claims.getStringClaim("account");
            List<MACVerifier> keys = account == null ? null : verifiers.get(account);
            if (keys == null || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)
                    || claims.getSubject() == null || !claims.getSubject().startsWith(VISITOR_PREFIX)
                    || claims.getExpirationTime() == null) {
                return Optional.empty();
            }
            for (MACVerifier key : keys) {
                if (jwt.verify(key)) {
                    return Optional.of(new Visitor(account, claims.getSubject(), claims.getExpirationTime().toInstant()));
                }
            }
            return Optional.empty();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static MACVerifier verifier(String secret) {
        try {
            return new MACVerifier(derivedKey(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256(account key, purpose): the webhook key itself never signs a token a browser holds. */
    static byte[] derivedKey(String secret) {
        byte[] key = StandardWebhookVerifier.key(secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("firstline visitor token v1".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
