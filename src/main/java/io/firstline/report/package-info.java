/** Live figures for the supervisor wallboard: kept up to date from routing as it works, pushed on /ws/wallboard. */
package io.firstline.report;
