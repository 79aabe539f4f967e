package io.firstline.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every pending warning and breach of every open contact, ordered by when it fires.
 * One structure, no thread per timer: the driver asks for what is due at each tick,
 * which costs O(log n) per fired timer however many contacts are open. Not thread-safe:
 * used from one thread at a time.
 */
public final class SlaTimerQueue {

    private static final Comparator<SlaTimer> ORDER = Comparator.comparing(SlaTimer::at)
            .thenComparingLong(SlaTimer::contactId)
            .thenComparing(SlaTimer::deadline)
            .thenComparing(SlaTimer::kind);

    private final TreeSet<SlaTimer> byTime = new TreeSet<>(ORDER);
    private final Map<Long, List<SlaTimer>> byContact = new HashMap<>();

    /** Replaces the contact's pending timers (deadlines recomputed, or first computed). */
    public void schedule(long contactId, List<SlaTimer> timers) {
        cancel(contactId);
        if (timers.isEmpty()) {
            return;
        }
        List<SlaTimer> copy = List.copyOf(timers);
        byContact.put(contactId, copy);
        byTime.addAll(copy);
    }

    /** The contact no longer needs supervision (resolved, closed). */
    public void cancel(long contactId) {
        List<SlaTimer> pending = byContact.remove(contactId);
        if (pending != null) {
            pending.forEach(byTime::remove);
        }
    }

    /** The named deadlines of the contact were met: their timers go, the contact's others stay. */
    public void cancel(long contactId, java.util.Collection<String> deadlines) {
        List<SlaTimer> pending = byContact.get(contactId);
        if (pending == null) {
            return;
        }
        List<SlaTimer> rest = new ArrayList<>();
        for (SlaTimer timer : pending) {
            if (deadlines.contains(timer.deadline())) {
                byTime.remove(timer);
            } else {
                rest.add(timer);
            }
        }
        if (rest.isEmpty()) {
            byContact.remove(contactId);
        } else {
            byContact.put(contactId, List.copyOf(rest));
        }
    }

    /** Removes and returns every timer due at {@code now}, earliest first; each fires once. */
    public List<SlaTimer> takeDue(Instant now) {
        List<SlaTimer> due = new ArrayList<>();
        while (!byTime.isEmpty() && !byTime.first().at().isAfter(now)) {
            SlaTimer timer = byTime.pollFirst();
            due.add(timer);
            List<SlaTimer> rest = new ArrayList<>(byContact.getOrDefault(timer.contactId(), List.of()));
            rest.remove(timer);
            if (rest.isEmpty()) {
                byContact.remove(timer.contactId());
            } else {
                byContact.put(timer.contactId(), List.copyOf(rest));
            }
        }
        return due;
    }

    public int size() {
        return byTime.size();
    }

    public List<SlaTimer> pendingFor(long contactId) {
        return byContact.getOrDefault(contactId, List.of());
    }
}
