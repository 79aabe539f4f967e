/** The Contact aggregate and its lifecycle (ContactService is its one owner), messages, history and the console's read model. */
package io.firstline.contact;
