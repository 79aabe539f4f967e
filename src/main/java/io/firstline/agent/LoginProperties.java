package io.firstline.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login throttling ({@code firstline.security.login.*}): after {@code maxFailures} wrong passwords in a row for one
 * username, or {@code maxAddressFailures} from one address, {@code 429} for {@code firstLockout}, doubling with each further failure up to
 * {@code maxLockout}; keys idle for {@code forgetAfter} are forgotten, at most {@code maxEntries} are held.
 */
@ConfigurationProperties("firstline.security.login")
record LoginProperties(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxAddressFailures,
                       @DefaultValue("30s") Duration firstLockout,
                       @DefaultValue("15m") Duration maxLockout, @DefaultValue("1h") Duration forgetAfter,
                       @DefaultValue("10000") int maxEntries) {
}
