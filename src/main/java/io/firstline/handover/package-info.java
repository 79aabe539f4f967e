/** Shift hand-over (交接班, DOMAIN §7): the rota, the duty log of open matters, both signatures, the 四不接 rule, alerts. */
package io.firstline.handover;
