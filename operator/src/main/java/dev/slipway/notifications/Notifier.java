package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.status.EventRecorder;
import io.github.resilience4j.core.IntervalFunction;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers deploy events to notifiers off the reconcile threads: a small pool, a bounded number of
 * deliveries in flight, capped exponential backoff with jitter between attempts (scheduled, never
 * slept), a timeout per request. A delivery that fails for good records a Warning Event on the
 * release; either way the release is woken so its next pass writes the result to status. Nothing
 * here can fail or hold back a release: the reconcile pass only ever hands work over.
 *
 * <p>Results are kept in memory until that pass has had time to record them; the status is the
 * durable record, and a delivery a restart interrupted is handed over again from there ({@link
 * DeployNotifications#settle}).
 */
public final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  /** How much of an error response's body is kept: enough for Slack's or Mackerel's word. */
  private static final int BODY_EXCERPT = 200;

  /** One event of one release attempt for one notifier: what deliveries are told apart by. */
  public record Key(
      String uid, DeployEvent event, String specHash, String retry, String notifier) {}

  /** Where a delivery stands: Pending while attempts remain, then Delivered or Failed. */
  public record Result(String state, int attempts, String error, Instant finishedAt) {
    static final String PENDING = "Pending";
    static final String DELIVERED = "Delivered";
    static final String FAILED = "Failed";

    boolean finished() {
      return !PENDING.equals(state);
    }
  }

  /** One delivery to make: the release (for its Event), what to say and to whom. */
  record Delivery(Key key, ServiceRelease release, Notice notice, NotificationSpec notifier) {
    String type() {
      return notifier.type();
    }

    String describe() {
      return notice.event()
          + " of "
          + notice.namespace()
          + "/"
          + notice.name()
          + " to notifier "
          + notifier.name
          + " ("
          + type()
          + ")";
    }
  }

  private final NotifierSettings settings;
  private final NotifierRequests requests;
  private final NotificationMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;
  private final Consumer<ResourceID> wake;
  private final HttpClient http;
  private final IntervalFunction backoff;
  private final ScheduledThreadPoolExecutor executor;
  private final Map<Key, Result> results = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;

  Notifier(
      NotifierSettings settings,
      NotifierSecrets secrets,
      NotificationMetrics metrics,
      EventRecorder events,
      Clock clock,
      Consumer<ResourceID> wake) {
    this.settings = settings;
    this.requests = new NotifierRequests(secrets, settings.timeout());
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.wake = wake;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            // A redirect would carry the body (and headers) to a host nobody configured.
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            settings.firstBackoff(), 2.0, settings.jitter(), settings.maxBackoff());
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ScheduledThreadPoolExecutor(
            settings.threads(),
            r -> {
              Thread t = new Thread(r, "slipway-notifier-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.setKeepAliveTime(1, TimeUnit.MINUTES);
    executor.allowCoreThreadTimeOut(true);
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Hands a delivery over and returns at once; false when this key is already known (being sent, or
   * sent), so a pass that runs twice never sends twice.
   */
  boolean submit(Delivery d) {
    if (closed || results.putIfAbsent(d.key(), pending(0, null)) != null) return false;
    if (inFlight.incrementAndGet() > settings.capacity()) {
      inFlight.decrementAndGet();
      String error = "not sent: " + settings.capacity() + " deliveries already waiting";
      conclude(
          d, new Result(Result.FAILED, 0, error, clock.instant()), NotificationMetrics.DROPPED);
      return true;
    }
    executor.execute(() -> attempt(d, 1));
    return true;
  }

  /** What became of a delivery this process knows; empty for one it never saw (or forgot). */
  public Optional<Result> result(Key key) {
    return Optional.ofNullable(results.get(key));
  }

  private void attempt(Delivery d, int attempt) {
    if (closed) return;
    List<String> hidden = List.of();
    try {
      NotifierRequests.Prepared prepared = requests.prepare(d.notifier(), d.notice());
      hidden = prepared.secrets();
      send(prepared);
      metrics.attempt(d.type(), true);
      log.info("delivered {} (attempt {})", d.describe(), attempt);
      conclude(d, new Result(Result.DELIVERED, attempt, null, clock.instant()), null);
    } catch (DeliveryFailure f) {
      metrics.attempt(d.type(), false);
      failed(d, attempt, Redaction.redact(f.getMessage(), hidden), f.retryable());
    } catch (InterruptedException e) {
      // The operator is stopping: the delivery stays Pending in status and the next operator
      // resumes it.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      metrics.attempt(d.type(), false);
      // Only the class: an exception's message may quote a URL or a header value.
      String error = "unexpected " + e.getClass().getSimpleName();
      log.warn("{}: {}", d.describe(), error);
      failed(d, attempt, error, false);
    }
  }

  private void failed(Delivery d, int attempt, String error, boolean retryable) {
    if (retryable && attempt < settings.attempts() && !closed) {
      long wait = backoff.apply(attempt);
      results.put(d.key(), pending(attempt, error));
      log.info(
          "{} failed (attempt {}/{}), retrying in {} ms: {}",
          d.describe(),
          attempt,
          settings.attempts(),
          wait,
          error);
      executor.schedule(() -> attempt(d, attempt + 1), wait, TimeUnit.MILLISECONDS);
      return;
    }
    conclude(
        d, new Result(Result.FAILED, attempt, error, clock.instant()), NotificationMetrics.FAILED);
  }

  /**
   * Sends and waits at most the timeout plus a second for the whole answer: the request timeout
   * alone does not cover a body that trickles in.
   */
  private void send(NotifierRequests.Prepared prepared)
      throws DeliveryFailure, InterruptedException {
    String where = Redaction.maskUrls(prepared.request().uri().toString());
    CompletableFuture<HttpResponse<String>> call =
        http.sendAsync(prepared.request(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = call.get(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw noAnswer(where);
    } catch (ExecutionException e) {
      throw transportFailure(where, e.getCause());
    }
    int code = response.statusCode();
    if (code / 100 == 2) return;
    // 408 and 429 ask to come back later, 5xx may pass; any other refusal will not change.
    boolean retryable = code >= 500 || code == 408 || code == 429;
    throw new DeliveryFailure(
        "HTTP " + code + " from " + where + excerpt(response.body()), retryable);
  }

  private DeliveryFailure noAnswer(String where) {
    long millis = settings.timeout().toMillis();
    String within = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    return new DeliveryFailure("no answer from " + where + " within " + within, true);
  }

  private DeliveryFailure transportFailure(String where, Throwable cause) {
    if (cause instanceof HttpTimeoutException) return noAnswer(where);
    if (cause instanceof ConnectException) {
      return new DeliveryFailure("cannot connect to " + where, true);
    }
    if (cause instanceof IOException) {
      return new DeliveryFailure(
          "I/O error talking to " + where + ": " + cause.getClass().getSimpleName(), true);
    }
    return new DeliveryFailure(
        "request to " + where + " failed: " + cause.getClass().getSimpleName(), false);
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) return "";
    String flat = body.strip().replaceAll("\\s+", " ");
    return ": " + (flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…");
  }

  /** A delivery is over: keep its result for the status, count it, say so, wake the release. */
  private void conclude(Delivery d, Result result, String failure) {
    results.put(d.key(), result);
    if (result.attempts() > 0) inFlight.decrementAndGet();
    metrics.delivery(
        d.type(), d.key().event(), failure == null ? NotificationMetrics.DELIVERED : failure);
    if (failure != null) {
      String message =
          "notifier "
              + d.notifier().name
              + " ("
              + d.type()
              + "): "
              + d.notice().event()
              + " not delivered after "
              + result.attempts()
              + (result.attempts() == 1 ? " attempt: " : " attempts: ")
              + result.error();
      log.warn("{}/{}: {}", d.notice().namespace(), d.notice().name(), message);
      events.warning(d.release(), "NotificationFailed", message);
    }
    if (!closed) {
      executor.schedule(
          () -> results.remove(d.key(), result),
          settings.keepResults().toMillis(),
          TimeUnit.MILLISECONDS);
    }
    ResourceID id = ResourceID.fromResource(d.release());
    if (settings.wakeDelay().isZero() || closed) {
      wake(id);
    } else {
      executor.schedule(() -> wake(id), settings.wakeDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void wake(ResourceID id) {
    try {
      wake.accept(id);
    } catch (RuntimeException e) {
      // The operator may be stopping; the next pass, here or elsewhere, reads status anyway.
      log.debug("could not wake {}: {}", id, e.toString());
    }
  }

  private static Result pending(int attempts, String error) {
    return new Result(Result.PENDING, attempts, error, null);
  }

  /** Stops sending; deliveries not finished stay Pending in status for the next operator. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
