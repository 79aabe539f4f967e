package io.firstline.kernel;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique ids for messages we create. {@link UUID#randomUUID()} draws from SecureRandom, which may
 * read /dev/urandom — a blocking call on an event loop. These ids need uniqueness, not secrecy.
 */
public final class Ids {

    private Ids() {
    }

    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
