package io.firstline.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.firstline.kernel.Channel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Handles staff type are stored the way intake stores them, so the customer's next message finds them. */
class IdentityRequestTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+86 138-0013-8000 | +8613800138000",
            "008613800138000   | +8613800138000",
            "138 0013 8000     | +8613800138000",
            "(010) 8888 6666   | +861088886666",
            "+44 20 7946 0958  | +442079460958"})
    void phoneNumbersBecomeE164WithTheCentresCallingCodeWhenTypedWithoutOne(String typed, String stored) {
        IdentityRequest request = new IdentityRequest("phone", typed);
        assertThat(request.problems("86")).isEmpty();
        assertThat(request.identity("86")).isEqualTo(new IdentityRequest.Identity(Channel.PHONE, stored));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "phone   | call me                 | a phone handle must be a number",
            "phone   | 0                       | a phone handle must be a number",
            "email   | wang at example.com     | an email handle must be an address",
            "visit   | front desk              | channel must be one of phone, email, wechat, webchat",
            "webchat | '   '                   | handle is required"})
    void whatCannotBeLinkedSaysWhy(String channel, String handle, String problem) {
        assertThat(new IdentityRequest(channel, handle).problems("86")).anyMatch(text -> text.startsWith(problem));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "email   | Wang.Fang@Example.COM | wang.fang@example.com",
            "webchat | demo:visitor-42       | demo:visitor-42",
            "wechat  | oUpF8uMuAJO_M2pxb1Q9zNjWeS6o | oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"})
    void otherHandlesAreKeptAsIntakeKeepsThem(String channel, String typed, String stored) {
        IdentityRequest request = new IdentityRequest(channel, typed);
        assertThat(request.problems("86")).isEmpty();
        assertThat(request.identity("86").handle()).isEqualTo(stored);
    }
}
