/** Records (档案, DOMAIN §7): retention per contact type with a purge job, and legal holds set and lifted by managers. */
package io.firstline.records;
