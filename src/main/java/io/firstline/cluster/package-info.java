/** Kafka mode across nodes: the event bus's events carried to every node through {@code firstline.events}. */
package io.firstline.cluster;
