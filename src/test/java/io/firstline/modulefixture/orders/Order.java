package io.firstline.modulefixture.orders;

import io.firstline.modulefixture.billing.Invoice;

/** Half of the fixture's cycle: orders → billing. */
public record Order(long id, Invoice invoice) {
}
