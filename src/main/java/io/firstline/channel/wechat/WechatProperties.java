package io.firstline.channel.wechat;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * WeChat Official Accounts ({@code firstline.channels.wechat.*}). Each account has the MP console's
 * {@code token} (plain signatures), {@code encoding-aes-key} (43 characters, safe mode),
 * {@code app-id} and {@code app-secret} (API access token), and the API's {@code api-base-url}.
 *
 * @param replyDeadline      how long a webhook waits for the envelope to become durable before it answers 503
 *                           (WeChat gives up after 5 s and retries)
 * @param timestampTolerance pushes whose signed timestamp is further than this from the server's clock are refused
 * @param apiTimeout         timeout of one call to the WeChat API
 * @param tokenRefreshMargin an access token is refreshed this long before WeChat's {@code expires_in}
 */
@ConfigurationProperties("firstline.channels.wechat")
public record WechatProperties(long maxBodyBytes, Duration replyDeadline, Duration timestampTolerance,
                               Duration apiTimeout, Duration tokenRefreshMargin, Map<String, Account> accounts) {

    public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";

    public WechatProperties {
        maxBodyBytes = maxBodyBytes <= 0 ? 65_536 : maxBodyBytes;
        replyDeadline = replyDeadline == null ? Duration.ofSeconds(4) : replyDeadline;
        timestampTolerance = timestampTolerance == null ? Duration.ofMinutes(5) : timestampTolerance;
        apiTimeout = apiTimeout == null ? Duration.ofSeconds(5) : apiTimeout;
        tokenRefreshMargin = tokenRefreshMargin == null ? Duration.ofMinutes(5) : tokenRefreshMargin;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        accounts.forEach((name, account) -> {
            String key = account.encodingAesKey();
            if (key != null && !key.isBlank()) {
                try {
                    new WechatCrypto(key, account.appId());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("firstline.channels.wechat.accounts." + name
                            + ".encoding-aes-key: " + e.getMessage());
                }
            }
        });
    }

    public record Account(String token, String appId, String appSecret, String encodingAesKey, String apiBaseUrl) {

        public Account {
            apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank() ? DEFAULT_API_BASE_URL : apiBaseUrl.replaceAll("/+$", "");
        }

        boolean safeModeConfigured() {
            return encodingAesKey != null && !encodingAesKey.isBlank();
        }

        boolean apiConfigured() {
            return appId != null && !appId.isBlank() && appSecret != null && !appSecret.isBlank();
        }
    }
}
