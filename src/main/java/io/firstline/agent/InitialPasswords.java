package io.firstline.agent;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The random password a new account starts with: 16 url-safe characters (96 bits), returned once in the response
 * that created the account, never logged and stored only as its bcrypt hash.
 */
final class InitialPasswords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InitialPasswords() {
    }

    static String next() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
