package io.firstline.supervision;

import io.firstline.kernel.DomainEvent;
import java.time.Instant;

/**
 * An admin loaded (or replaced) a year's holiday data, now stored in PostgreSQL. Carried to every node (Kafka mode),
 * each of which reads the year back from the database, so all nodes count deadlines on the same calendar.
 */
public record HolidayYearLoaded(int year, String loadedBy, Instant loadedAt) implements DomainEvent {
}
