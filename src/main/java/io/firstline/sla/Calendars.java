package io.firstline.sla;

import java.util.Objects;

/**
 * A workspace's two business calendars: the 24-hour hotline calendar and the office-hours calendar, sharing
 * zone, weekly working days and holiday data but differing in working hours.
 */
public record Calendars(BusinessCalendar allDay, BusinessCalendar officeHours) {

    public Calendars {
        Objects.requireNonNull(allDay, "allDay");
        Objects.requireNonNull(officeHours, "officeHours");
    }

    /** Builds both from one calendar: {@link WorkingHours#ALL_DAY} and the given office hours. */
    public static Calendars of(BusinessCalendar base, WorkingHours office) {
        return new Calendars(base.withHours(WorkingHours.ALL_DAY), base.withHours(office));
    }

    /** Mainland-China defaults: Asia/Shanghai, Mon–Fri, the given data, office hours 09:00–18:00. */
    public static Calendars china(CalendarData data) {
        return of(BusinessCalendar.china(data, WorkingHours.ALL_DAY), WorkingHours.OFFICE);
    }

    /** The same calendars counted in another zone (a workspace's own): the same days off, that zone's clock. */
    public Calendars withZone(java.time.ZoneId zone) {
        return zone.equals(allDay.zone()) ? this : new Calendars(allDay.withZone(zone), officeHours.withZone(zone));
    }

    public BusinessCalendar get(CalendarKind kind) {
        return switch (kind) {
            case ALL_DAY -> allDay;
            case OFFICE_HOURS -> officeHours;
        };
    }
}
