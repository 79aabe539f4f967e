/** SLA rules in plain Java: policies, business calendars with holidays, deadline computation, the timer queue. */
package io.firstline.sla;
