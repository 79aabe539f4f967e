/** The single-writer router (queues, skills, capacity, offers and their expiry), agent presence, and accepting offers. */
package io.firstline.routing;
