package io.firstline.agent;

import io.firstline.DomainModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins counted per username and per client address. After {@code maxFailures} failures in a row for a
 * username ({@code maxAddressFailures} for an address, which an office's NAT shares) the key is locked for {@code firstLockout}; each further failure after a lock ends doubles it, up to {@code maxLockout}. While
 * a key is locked a login is refused before the password is checked. A successful login forgets its username's
 * failures (not its address's: one account of one's own must not reset a guesser's count for others). A key with no
 * failure for {@code forgetAfter} and no lock is forgotten; at most {@code maxEntries} keys are held, the least
 * recently used going first (overflow policy: evict the oldest).
 */
@DomainModel
final class LoginThrottle {

    /** Which key a lockout is for. */
    enum Scope { USERNAME, ADDRESS }

    /** A lock that the failure just started. */
    record Lockout(Scope scope, String key, int failures, Duration duration) {
    }

    private static final int MAX_KEY = 128;

    private final Clock clock;
    private final int maxFailures;
    private final int maxAddressFailures;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final Duration forgetAfter;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries;

    LoginThrottle(Clock clock, int maxFailures, int maxAddressFailures, Duration firstLockout, Duration maxLockout,
                  Duration forgetAfter, int maxEntries) {
        if (maxFailures < 1 || maxAddressFailures < 1 || firstLockout.isNegative() || maxLockout.compareTo(firstLockout) < 0 || maxEntries < 2) {
            throw new IllegalArgumentException("login throttle: max-failures >= 1, max-lockout >= first-lockout, "
                    + "max-entries >= 2");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.maxAddressFailures = maxAddressFailures;
        this.firstLockout = firstLockout;
        this.maxLockout = maxLockout;
        this.forgetAfter = forgetAfter;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > LoginThrottle.this.maxEntries;
            }
        };
    }

    /** How long the caller must wait before trying again, when the username or the address is locked. */
    synchronized Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Entry entry = current(key, now);
            if (entry != null && entry.lockedUntil != null && entry.lockedUntil.isAfter(now)) {
                Duration left = Duration.between(now, entry.lockedUntil);
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Counts a wrong password for both keys; returns the locks it started. */
    synchronized List<Lockout> failed(String username, String address) {
        Instant now = clock.instant();
        List<Lockout> started = new ArrayList<>();
        for (String key : keys(username, address)) {
            Entry entry = current(key, now);
            int failures = entry == null ? 1 : entry.failures + 1;
            Instant lockedUntil = entry == null ? null : entry.lockedUntil;
            Scope scope = key.startsWith("u:") ? Scope.USERNAME : Scope.ADDRESS;
            int threshold = scope == Scope.USERNAME ? maxFailures : maxAddressFailures;
            if (failures >= threshold) {
                Duration lock = lockout(failures, threshold);
                lockedUntil = now.plus(lock);
                started.add(new Lockout(scope, key.substring(2), failures, lock));
            }
            entries.put(key, new Entry(failures, lockedUntil, now));
        }
        return started;
    }

    /** A successful login: the username's failures are forgotten. */
    synchronized void succeeded(String username) {
        entries.remove(userKey(username));
    }

    synchronized int size() {
        return entries.size();
    }

    /** {@code firstLockout} at the {@code threshold}-th failure, doubled for each one after, at most {@code maxLockout}. */
    Duration lockout(int failures, int threshold) {
        int doublings = Math.min(failures - threshold, 30);
        Duration lock = firstLockout.multipliedBy(1L << doublings);
        return lock.compareTo(maxLockout) > 0 ? maxLockout : lock;
    }

    private Entry current(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        boolean locked = entry.lockedUntil != null && entry.lockedUntil.isAfter(now);
        if (!locked && Duration.between(entry.lastFailure, now).compareTo(forgetAfter) >= 0) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    private static List<String> keys(String username, String address) {
        return address == null ? List.of(userKey(username)) : List.of(userKey(username), "a:" + limit(address));
    }

    private static String userKey(String username) {
        return "u:" + limit(username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String limit(String value) {
        return value.length() > MAX_KEY ? value.substring(0, MAX_KEY) : value;
    }

    private record Entry(int failures, Instant lockedUntil, Instant lastFailure) {
    }
}
