/** Customers, their identities per channel, linking and merging, and the customer archive (360° view) with masking. */
package io.firstline.customer;
