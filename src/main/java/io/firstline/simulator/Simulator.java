package io.firstline.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import io.firstline.channel.email.EmailProperties;
import io.firstline.channel.phone.PhoneProperties;
import io.firstline.channel.webchat.WebchatProperties;
import io.firstline.channel.wechat.WechatProperties;
import io.firstline.kernel.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The demo simulator: posts real, correctly signed webhooks for every configured channel, at
 * {@code firstline.simulator.rate-per-minute}, to the same endpoints the providers use, so the
 * console and the wallboard are alive at once. Some webhooks are follow-ups from an earlier simulated
 * customer (same visitor, OpenID, mail thread), which join the customer's open contact; a phone
 * follow-up is the caller hanging up. Pointed at another instance ({@code base-url}) it is a load generator.
 *
 * <p>One {@link Flux#interval} pipeline: ticks beyond {@code concurrency} webhooks in flight are dropped
 * and counted; every answer is counted in {@code firstline.simulator.sent{channel,status}} (the HTTP
 * status code, or {@code error} / {@code timeout}). Started last (after the web server), stopped first.
 */
@Component
@ConditionalOnBooleanProperty("firstline.simulator.enabled")
class Simulator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);
    private static final int REMEMBERED_CUSTOMERS = 200;

    enum Kind { WEBCHAT, WECHAT, EMAIL, PHONE }

    /** An earlier simulated customer who may write again. */
    record Customer(Kind kind, String handle, String name, String subject, String firstMessageId) {
    }

    private final SimulatorProperties properties;
    private final Environment environment;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String account;
    private final String webchatSecret;
    private final String wechatToken;
    private final String mailgunKey;
    private final String twilioToken;
    private final String twilioPublicUrl;
    private final PhoneProperties.Account twilioLine;
    private final List<Kind> kinds = new ArrayList<>();
    private final Map<Kind, Deque<Customer>> recent = new EnumMap<>(Kind.class);
    private final Counter dropped;
    private volatile Disposable running;
    private ConnectionProvider connections;

    Simulator(SimulatorProperties properties, WebchatProperties webchat, WechatProperties wechat, EmailProperties email,
              PhoneProperties phone, Environment environment, MeterRegistry meters, Clock clock) {
        this.properties = properties;
        this.environment = environment;
        this.meters = meters;
        this.clock = clock;
        this.account = properties.account();
        WebchatProperties.Account chat = webchat.accounts().get(account);
        WechatProperties.Account official = wechat.accounts().get(account);
        EmailProperties.Account mail = email.accounts().get(account);
        PhoneProperties.Account line = phone.accounts().get(account);
        this.webchatSecret = chat == null ? null : chat.secret();
        this.wechatToken = official == null ? null : official.token();
        this.mailgunKey = mail == null ? null : mail.signingKey();
        this.twilioToken = line == null ? null : line.authToken();
        this.twilioPublicUrl = line == null || line.publicUrl() == null ? null : line.publicUrl().strip();
        this.twilioLine = line;
        for (String channel : properties.channels()) {
            String name = channel.strip().toLowerCase(Locale.ROOT);
            Kind kind = switch (name) {
                case "webchat" -> webchatSecret != null ? Kind.WEBCHAT : null;
                case "wechat" -> wechatToken != null ? Kind.WECHAT : null;
                case "email" -> mailgunKey != null ? Kind.EMAIL : null;
                case "phone" -> twilioToken != null && twilioPublicUrl != null ? Kind.PHONE : null;
                default -> null;
            };
            if (kind == null) {
                log.warn("Simulator: channel '{}' skipped (unknown channel, or account '{}' has no signing secret for it)", name, account);
            } else if (!kinds.contains(kind)) {
                kinds.add(kind);
                recent.put(kind, new ArrayDeque<>());
            }
        }
        this.dropped = Counter.builder("firstline.simulator.dropped")
                .description("Simulator ticks skipped because too many webhooks were in flight").register(meters);
        // Load the signing classes now, on the start-up thread, not on a scheduler thread.
        for (Kind kind : kinds) {
            next(kind, 0);
        }
        kinds.forEach(kind -> recent.get(kind).clear());
    }

    @Override
    public synchronized void start() {
        if (running != null || kinds.isEmpty()) {
            return;
        }
        String baseUrl = target();
        Duration timeout = properties.requestTimeout();
        connections = ConnectionProvider.builder("firstline-simulator").maxConnections(properties.concurrency())
                .pendingAcquireMaxCount(properties.concurrency() * 2).build();
        HttpClient client = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .responseTimeout(timeout);
        WebClient web = WebClient.builder().baseUrl(baseUrl).clientConnector(new ReactorClientHttpConnector(client)).build();
        log.info("Simulator: posting {} webhooks a minute ({}) to {}, account '{}', follow-up share {}",
                properties.ratePerMinute(), kinds, baseUrl, account, properties.followUpProbability());
        running = Flux.interval(properties.startDelay(), properties.period())
                .onBackpressureDrop(tick -> dropped.increment())
                .map(tick -> plan())
                .flatMap(delivery -> post(web, delivery), properties.concurrency())
                .subscribe(null, e -> log.error("Simulator stopped after an unexpected error", e));
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
        if (connections != null) {
            connections.disposeLater().subscribe();
            connections = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** After every other lifecycle (the web server included) has started; stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** The phone account's public-url as the app checks it: a port of 0 is this instance's actual port. */
    private String twilioBase() {
        String localPort = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return twilioLine.base(Integer.parseInt(localPort));
    }

    /** The base URL; a port of 0 (server.port in tests) means the port this instance actually listens on. */
    String target() {
        String configured = properties.baseUrl();
        String localPort = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        if (configured.isEmpty()) {
            return "http://localhost:" + localPort;
        }
        URI uri = URI.create(configured);
        if (uri.getPort() == 0) {
            return UriComponentsBuilder.fromUri(uri).port(Integer.parseInt(localPort)).build().toUriString();
        }
        return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    private SignedDeliveries.Delivery plan() {
        return next(kinds.get(ThreadLocalRandom.current().nextInt(kinds.size())), properties.followUpProbability());
    }

    /** The next webhook on one channel: a follow-up from a remembered customer, or a new customer's first message. */
    private synchronized SignedDeliveries.Delivery next(Kind kind, double followUpProbability) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Deque<Customer> customers = recent.get(kind);
        long now = clock.instant().getEpochSecond();
        if (!customers.isEmpty() && random.nextDouble() < followUpProbability) {
            // An earlier customer writes again; each one follows up once, so take them out.
            List<Customer> list = new ArrayList<>(customers);
            Customer earlier = list.get(random.nextInt(list.size()));
            customers.remove(earlier);
            String text = SimulatedTexts.followUp();
            return switch (kind) {
                case WEBCHAT -> SignedDeliveries.webchat(account, webchatSecret, now, earlier.handle(), earlier.name(), text);
                case WECHAT -> SignedDeliveries.wechat(account, wechatToken, now, earlier.handle(), text);
                case EMAIL -> SignedDeliveries.email(account, mailgunKey, now, earlier.handle(), earlier.name(), earlier.subject(),
                        text, messageId(), earlier.firstMessageId());
                case PHONE -> SignedDeliveries.phone(account, twilioToken, twilioBase(), earlier.firstMessageId(),
                        earlier.handle(), "completed");
            };
        }
        SimulatedTexts.Text text = SimulatedTexts.first();
        String name = SimulatedTexts.name();
        Customer customer;
        SignedDeliveries.Delivery delivery;
        switch (kind) {
            case WEBCHAT -> {
                String visitor = "sim-" + Ids.random();
                customer = new Customer(kind, visitor, name, text.subject(), null);
                delivery = SignedDeliveries.webchat(account, webchatSecret, now, visitor, name, text.body());
            }
            case WECHAT -> {
                String openId = SignedDeliveries.openId();
                customer = new Customer(kind, openId, name, text.subject(), null);
                delivery = SignedDeliveries.wechat(account, wechatToken, now, openId, text.body());
            }
            case EMAIL -> {
                String address = "customer-" + Ids.random().substring(0, 8) + "@sim.firstline.example";
                String messageId = messageId();
                customer = new Customer(kind, address, name, text.subject(), messageId);
                delivery = SignedDeliveries.email(account, mailgunKey, now, address, name, text.subject(), text.body(), messageId, null);
            }
            default -> {
                String callSid = SignedDeliveries.callSid();
                String from = SignedDeliveries.mobile();
                customer = new Customer(kind, from, name, text.subject(), callSid);
                delivery = SignedDeliveries.phone(account, twilioToken, twilioBase(), callSid, from, "ringing");
            }
        }
        customers.addLast(customer);
        while (customers.size() > REMEMBERED_CUSTOMERS) {
            customers.removeFirst();
        }
        return delivery;
    }

    private static String messageId() {
        return "<" + Ids.random() + "@sim.firstline.example>";
    }

    /** Posts one webhook; never fails: the outcome is counted and errors are logged. */
    private Mono<Void> post(WebClient web, SignedDeliveries.Delivery delivery) {
        return web.post().uri(delivery.pathAndQuery())
                .headers(headers -> {
                    headers.set("Content-Type", delivery.contentType());
                    delivery.headers().forEach(headers::set);
                })
                .bodyValue(delivery.body())
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                .timeout(properties.requestTimeout().plusSeconds(1))
                .map(status -> {
                    if (status >= 300) {
                        log.warn("Simulator: {} webhook answered {}", delivery.channel(), status);
                    }
                    return Integer.toString(status);
                })
                .onErrorResume(e -> {
                    boolean timedOut = e instanceof TimeoutException || e.getCause() instanceof TimeoutException
                            || e.getClass().getSimpleName().contains("Timeout");
                    log.warn("Simulator: {} webhook failed: {}", delivery.channel(), e.toString());
                    return Mono.just(timedOut ? "timeout" : "error");
                })
                .doOnNext(status -> Counter.builder("firstline.simulator.sent")
                        .description("Webhooks posted by the demo simulator, by channel and answer (HTTP status, error, timeout)")
                        .tag("channel", delivery.channel()).tag("status", status)
                        .register(meters).increment())
                .then();
    }
}
