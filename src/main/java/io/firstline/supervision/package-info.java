/** Watching deadlines: SLA timers rebuilt from PostgreSQL, warnings, breaches and escalation, policies and extensions. */
package io.firstline.supervision;
