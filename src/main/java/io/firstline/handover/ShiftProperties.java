package io.firstline.handover;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rota ({@code firstline.shifts.*}): when shifts start (e.g. 08:00, 16:00, 00:00), in the workspace's time zone,
 * and how often the start of a shift is checked for someone on duty and a signed hand-over.
 */
@ConfigurationProperties("firstline.shifts")
record ShiftProperties(@DefaultValue({"08:00", "16:00", "00:00"}) List<LocalTime> starts,
                       @DefaultValue("30s") Duration checkEvery) {
}
