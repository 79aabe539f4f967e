package io.firstline.platform.security;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Issues and verifies HS256 session tokens (JWT) for agents. */
@Component
public class TokenService {

    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    private final SecurityProperties properties;
    private final Clock clock;
    private final MACSigner signer;
    private final MACVerifier verifier;

    public TokenService(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        byte[] key = signingKey(properties.jwtSecret());
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("firstline.security.jwt-secret must decode to at least 32 bytes", e);
        }
    }

    private static byte[] signingKey(String configured) {
        if (configured == null || configured.isBlank()) {
            log.warn("firstline.security.jwt-secret is not set: using a random key, sessions end at restart");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        return Base64.getDecoder().decode(configured.trim());
    }

    public IssuedToken issue(AgentPrincipal agent) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(agent.agentId()))
                .claim("workspace", agent.workspaceId())
                .claim("username", agent.username())
                .claim("role", agent.role())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    /**
     * The agent a token names, if its signature is ours, it has not expired and it names a workspace (whether the agent
     * still belongs to it is {@link TokenHolders}' question, asked per request).
     */
    public Optional<AgentPrincipal> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            Long workspace = claims.getLongClaim("workspace");
            if (workspace == null) {
                return Optional.empty(); // a token from before workspaces: log in again
            }
            return Optional.of(new AgentPrincipal(Long.parseLong(claims.getSubject()), workspace,
                    claims.getStringClaim("username"), claims.getStringClaim("role")));
        } catch (ParseException | JOSEException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
