package io.firstline.sla;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Shared fixtures: the shipped 2026 data and Asia/Shanghai local times. */
final class Cn2026 {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final CalendarData DATA = CalendarData.load(CalendarData.CHINA_2026);
    static final Calendars CALENDARS = Calendars.china(DATA);
    static final BusinessCalendar OFFICE = CALENDARS.officeHours();
    static final BusinessCalendar ALL_DAY = CALENDARS.allDay();

    private Cn2026() {
    }

    /** Asia/Shanghai local time, e.g. {@code at("2026-09-18T17:00")}. */
    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }
}
