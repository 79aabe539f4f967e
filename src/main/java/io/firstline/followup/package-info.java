/** The closed loop: resolving, the first responder's follow-up (回访) with satisfaction, closing or reopening. */
package io.firstline.followup;
