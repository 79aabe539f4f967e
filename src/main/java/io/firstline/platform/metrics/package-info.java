/** The names and SLO buckets of the latency timers every module records (documented in dashboards/README.md). */
@org.springframework.modulith.NamedInterface("metrics")
package io.firstline.platform.metrics;
