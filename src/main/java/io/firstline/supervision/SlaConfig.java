package io.firstline.supervision;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.firstline.sla.BusinessCalendar;
import io.firstline.sla.CalendarData;
import io.firstline.sla.Calendars;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import io.firstline.sla.DeadlineCalculator;
import io.firstline.sla.WorkingHours;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SlaConfig {

    @Bean
    Calendars calendars(SupervisionProperties properties) {
        CalendarData data = CalendarData.load(properties.calendars().toArray(String[]::new));
        BusinessCalendar base = BusinessCalendar.china(data, WorkingHours.ALL_DAY).withZone(ZoneId.of(properties.timeZone()));
        return Calendars.of(base, WorkingHours.of(properties.officeOpens(), properties.officeCloses()));
    }

    @Bean
    DeadlineCalculator deadlineCalculator(Calendars calendars, SupervisionProperties properties) {
        return new DeadlineCalculator(calendars, properties.warnFraction());
    }

    @Bean
    SlaTicker slaTicker(SlaNotifier notifier, java.time.Clock clock, SupervisionProperties properties) {
        return new SlaTicker(notifier, clock, properties.managerEscalationAfter());
    }

    @Bean
    ContactClassifier contactClassifier(SupervisionProperties properties) {
        Map<ContactType, List<String>> keywords = new EnumMap<>(ContactType.class);
        properties.classification().keywords().forEach((type, words) -> keywords.put(
                ContactType.fromWireName(type).orElseThrow(() -> new IllegalArgumentException(
                        "firstline.sla.classification.keywords: unknown type " + type)), words));
        return new ContactClassifier(keywords, properties.classification().major());
    }
}
