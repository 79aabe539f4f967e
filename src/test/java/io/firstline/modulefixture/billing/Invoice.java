package io.firstline.modulefixture.billing;

import io.firstline.modulefixture.orders.Order;

/** The other half of the fixture's cycle: billing → orders. */
public record Invoice(long id, Order order) {
}
