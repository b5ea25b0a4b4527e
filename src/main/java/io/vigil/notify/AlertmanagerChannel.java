package io.vigil.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Alertmanager the way it expects its clients to behave: an alert is active only while it is
 * re-sent, so every firing alert is re-sent each {@code resendInterval}, valid for
 * {@link #VALIDITY_INTERVALS} intervals; a resolution is sent once with the time it ended and the
 * alert is dropped. Alerts of a notifier that stops end by themselves at their last validity.
 * Used from the notifier's loop only (the counters may be read from anywhere).
 */
final class AlertmanagerChannel {
    /**
     * How many re-send intervals a firing alert holds: one or two lost or late re-sends do not flap
     * it to resolved, and a dead notifier's alerts still end within minutes (4 min at the default
     * 1 min interval, inside Alertmanager's default 5 min resolve_timeout).
     */
    static final int VALIDITY_INTERVALS = 4;
    static final String ALERTS_PATH = "/api/v2/alerts";

    private final URI endpoint;
    private final Duration resendInterval;
    private final Duration validity;
    private final String generatorUrl;
    private final HttpDelivery delivery;
    private final InstantSource clock;
    private final Consumer<String> log;
    private final FiringAlerts firing = new FiringAlerts();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong resendFailures = new AtomicLong();
    private Instant nextResend = Instant.MIN;
    private boolean resendFailing;

    /**
     * @param baseUrl Alertmanager's URL, path prefix included ({@link #endpoint})
     * @param generatorUrl URL template for alerts that carry no generatorURL; empty: none
     */
    AlertmanagerChannel(URI baseUrl, Duration resendInterval, String generatorUrl, HttpDelivery delivery,
            InstantSource clock, Consumer<String> log) {
        if (resendInterval.isNegative() || resendInterval.isZero()) {
            throw new IllegalArgumentException("Alertmanager resend interval must be positive, not " + resendInterval);
        }
        this.endpoint = endpoint(baseUrl);
        this.resendInterval = resendInterval;
        this.validity = resendInterval.multipliedBy(VALIDITY_INTERVALS);
        this.generatorUrl = generatorUrl;
        this.delivery = delivery;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Where alerts are posted: {@code /api/v2/alerts} below the base URL's path, so an Alertmanager
     * behind a prefix ({@code --web.route-prefix}, a proxy path) is reached; a URL that already
     * ends in {@code /api/v2/alerts} is taken as it is.
     */
    static URI endpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(ALERTS_PATH)) {
            path = path + ALERTS_PATH;
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Sends one alert from the topic; once Alertmanager has it, the firing set follows it. When the
     * labels of a firing fingerprint changed (the severity rose), Alertmanager sees another alert,
     * so the version it knows is ended in the same request instead of lingering until it lapses.
     */
    HttpDelivery.Outcome deliver(AlertMessage a, int partition) {
        Instant now = clock.instant();
        List<AlertMessage> batch = new ArrayList<>(2);
        batch.add(a);
        AlertMessage before = firing.get(a.fingerprint());
        if (before != null && !before.labels().equals(a.labels())) {
            batch.add(before.resolvedAt(Payloads.timestamp(now)));
        }
        HttpDelivery.Outcome o = delivery.post(endpoint, Payloads.alertmanager(batch, now, validity, generatorUrl),
                Map.of());
        if (o.delivered()) {
            firing.apply(a, partition);
        }
        return o;
    }

    /** Takes an alert read while rebuilding the firing set (already delivered before; nothing is sent). */
    void restore(AlertMessage a, int partition) {
        firing.apply(a, partition);
    }

    /** Forgets the alerts of partitions this notifier no longer reads: their new owner re-sends them. */
    void forgetPartitions(Collection<Integer> partitions) {
        firing.forgetPartitions(partitions);
    }

    /** Makes the next {@link #resendIfDue} send at once (after a rebuild). */
    void resendSoon() {
        nextResend = Instant.MIN;
    }

    /**
     * Re-sends every firing alert, in one request, once the interval has passed. A failure is
     * only counted and logged: the alerts hold for several intervals, and the next one tries again.
     */
    void resendIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextResend)) {
            return;
        }
        nextResend = now.plus(resendInterval);
        List<AlertMessage> all = firing.all();
        if (all.isEmpty()) {
            return;
        }
        HttpDelivery.Outcome o = delivery.post(endpoint, Payloads.alertmanager(all, now, validity, generatorUrl),
                Map.of());
        resends.incrementAndGet();
        if (o.delivered()) {
            if (resendFailing) {
                log.accept("notify: re-sending " + all.size() + " firing alert(s) to Alertmanager works again");
            }
            resendFailing = false;
        } else {
            resendFailures.incrementAndGet();
            if (!resendFailing) {
                log.accept("notify: re-sending " + all.size() + " firing alert(s) to Alertmanager failed (" + o.reason()
                        + "); they hold until " + validity + " after their last delivery, retrying every "
                        + resendInterval);
            }
            resendFailing = true;
        }
    }

    int firingCount() {
        return firing.size();
    }

    long resends() {
        return resends.get();
    }

    long resendFailures() {
        return resendFailures.get();
    }
}
