package io.firstline.customer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer identities ({@code firstline.customers.*}).
 *
 * @param phoneCountryCode the calling code of phone numbers that come without one — typed by staff the national
 *                         way, or a caller id a PBX delivers as {@code 13800138000} — so that one customer's number
 *                         is always stored the same way, as E.164
 */
@ConfigurationProperties("firstline.customers")
public record CustomerProperties(@DefaultValue("86") String phoneCountryCode) {

    public CustomerProperties {
        if (phoneCountryCode == null || !phoneCountryCode.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("firstline.customers.phone-country-code must be a calling code like 86, not "
                    + phoneCountryCode);
        }
    }
}
