package io.firstline.support;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Where test clients and test servers drop what they receive. Network threads add without
 * taking a lock (a blocking queue's lock can park an event-loop thread, which BlockHound
 * rightly fails); the test thread polls with a deadline.
 */
public final class Inbox<T> {

    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();

    public void add(T item) {
        items.add(item);
    }

    /** The next item, or null when none arrived within the timeout. Call from the test thread only. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            T item = items.poll();
            if (item != null) {
                return item;
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            LockSupport.parkNanos(PAUSE_NANOS); // pause between polls, bounded by the deadline
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * The first item in {@code seen} or arriving within {@code timeout} that matches, or null; every item
     * taken from the inbox on the way is appended to {@code seen}.
     */
    public T await(java.util.function.Predicate<T> matching, java.time.Duration timeout, java.util.List<T> seen) {
        for (T item : seen) {
            if (matching.test(item)) {
                return item;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                T item = poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (item == null) {
                    return null;
                }
                seen.add(item);
                if (matching.test(item)) {
                    return item;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    public void drainTo(Collection<? super T> target) {
        T item;
        while ((item = items.poll()) != null) {
            target.add(item);
        }
    }

    /** What has arrived and not been taken, without taking it. */
    public java.util.List<T> snapshot() {
        return java.util.List.copyOf(items);
    }

    public void clear() {
        items.clear();
    }
}
