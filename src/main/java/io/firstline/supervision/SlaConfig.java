package io.firstline.supervision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.firstline.sla.ContactClassifier;
import io.firstline.sla.ContactType;
import io.firstline.sla.DeadlineCalculator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SlaConfig {

    @Bean
    DeadlineCalculator deadlineCalculator(CalendarBook calendars, SupervisionProperties properties) {
        return new DeadlineCalculator(calendars::current, properties.warnFraction());
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
