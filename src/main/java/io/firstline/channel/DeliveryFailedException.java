package io.firstline.channel;

/**
 * The provider refused or could not take a reply. {@code code} is the provider's own error
 * code (e.g. WeChat {@code 45015}: outside the 48-hour customer-service window) and the
 * message says in plain words what the agent can do about it.
 */
public class DeliveryFailedException extends RuntimeException {

    private final String code;

    public DeliveryFailedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
