/** Handing a contact to another queue or agent from the console; the first responder stays. */
package io.firstline.transfer;
