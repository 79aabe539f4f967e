/** The agent console's WebSocket (/ws/console): turns the modules' events into frames, per-session bounded queues, resume. */
package io.firstline.console;
