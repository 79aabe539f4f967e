package io.firstline.report.history;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code firstline.reports.*}: when the scheduled reports are made (workspace time), how often the schedule is looked
 * at, the service-level threshold, which roles see customers' phone numbers and e-mail addresses unmasked in
 * exports (DOMAIN §7), and the daily roll-ups ({@link ReportRollup}): whether kept, how often the missing days are
 * built, over how many days back.
 */
@ConfigurationProperties("firstline.reports")
record ReportProperties(@DefaultValue("08:30") LocalTime dailyAt, @DefaultValue("true") boolean scheduleEnabled,
                        @DefaultValue("1m") Duration scheduleTick, @DefaultValue("20s") Duration serviceLevelThreshold,
                        @DefaultValue({"manager", "admin"}) List<String> unmaskedRoles,
                        @DefaultValue("true") boolean rollupEnabled, @DefaultValue("5m") Duration rollupTick,
                        @DefaultValue("400") int rollupDays) {
}
