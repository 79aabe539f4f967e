/** The demo simulator: signed deliveries as each channel's provider would send them, at a configurable rate. */
package io.firstline.simulator;
