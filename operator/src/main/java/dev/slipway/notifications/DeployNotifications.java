package dev.slipway.notifications;

import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationRecord;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.status.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Announces deploy events of ServiceReleases: once per release attempt and event, as a Kubernetes
 * Event {@code Deploy<Event>} (always) and to every notifier of {@code spec.notifications} that
 * listens for it (asynchronously, by the {@link Notifier}).
 *
 * <p>How to emit an event from a reconcile step (the release engine emits Started, Succeeded,
 * Failed and RolledBack itself; progressive delivery emits AwaitingPromotion and Aborted):
 *
 * <pre>{@code
 * notifications.emit(ctx.resource, ctx.status, DeployEvent.AwaitingPromotion,
 *     new DeployNotifications.Details("Progressing", "AwaitingPromotion",
 *         "canary at 10 %: annotate slipway.dev/promote to continue"));
 * }</pre>
 *
 * Pass the pass's <em>working</em> status (the copy the pass writes), never {@code
 * resource.getStatus()}: the event is recorded there, in {@code status.notifications}, and that
 * record is what makes a second call (the next pass, a pass that runs again after a lost status
 * write, another operator after a restart) a no-op. Call it where the transition happens; calling
 * it on every pass that is in that state is fine too. It returns at once: no network I/O happens on
 * the reconcile thread, and a notifier that fails never fails or delays the release.
 */
public final class DeployNotifications implements AutoCloseable {
  /** How long an announcement is remembered in memory, for passes that read an older status. */
  private static final Duration REMEMBER = Duration.ofHours(1);

  /** What the event reports: the release's phase, a reason (a word) and a message for people. */
  public record Details(String phase, String reason, String message) {}

  /** An event of a release attempt (uid, spec hash, retry token). */
  private record Announcement(String uid, DeployEvent event, String specHash, String retry) {}

  private final EventRecorder events;
  private final Notifier notifier;
  private final NotificationMetrics metrics;
  private final Clock clock;
  private final Map<Announcement, Instant> announced = new ConcurrentHashMap<>();

  DeployNotifications(
      EventRecorder events, Notifier notifier, NotificationMetrics metrics, Clock clock) {
    this.events = events;
    this.notifier = notifier;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Starts the notifier service; {@code wake} makes a release run a pass (to record a delivery's
   * result).
   */
  public static DeployNotifications start(
      KubernetesClient client,
      EventRecorder events,
      MeterRegistry meters,
      Clock clock,
      NotifierSettings settings,
      Consumer<ResourceID> wake) {
    NotificationMetrics metrics = new NotificationMetrics(meters);
    Notifier notifier =
        new Notifier(settings, new NotifierSecrets(client), metrics, events, clock, wake);
    return new DeployNotifications(events, notifier, metrics, clock);
  }

  /**
   * Announces {@code event} for the release attempt {@code status} describes (its spec hash and the
   * retry token acknowledged), unless it already was. Returns whether it was announced now.
   */
  public boolean emit(
      ServiceRelease release, ServiceReleaseStatus status, DeployEvent event, Details details) {
    String specHash = status.specHash;
    String retry = status.retryAcknowledged;
    if (NotificationLedger.find(status, event, specHash, retry).isPresent()) return false;
    Instant now = clock.instant();
    NotificationRecord record = record(release, event, specHash, retry, details, now);
    NotificationLedger.add(status, record);
    Notice notice = Notice.of(release, status, record);
    // A pass that read a status older than this process's last write sees no record: it records
    // the event again (for status) but neither repeats the Kubernetes Event nor sends it again.
    if (remember(new Announcement(release.getMetadata().getUid(), event, specHash, retry), now)) {
      String summary = Payloads.summary(notice);
      if (event.isWarning()) events.warning(release, event.eventReason(), summary);
      else events.normal(release, event.eventReason(), summary);
    }
    for (NotificationSpec n : listeners(release, event)) {
      record.deliveries.add(pending(n));
      notifier.submit(new Notifier.Delivery(key(release, record, n.name), release, notice, n));
    }
    return true;
  }

  /**
   * At the end of a pass: copies what the notifier knows about each pending delivery into status,
   * hands over again a delivery a restart interrupted (same content, same id) or expires it when
   * the release moved on, and sets NotificationsDegraded.
   */
  public void settle(ServiceRelease release, ServiceReleaseStatus status) {
    Instant now = clock.instant();
    NotificationLedger.collapseDuplicates(status);
    for (NotificationRecord record : status.notifications) {
      for (NotificationRecord.Delivery d : record.deliveries) {
        if (!NotificationLedger.PENDING.equals(d.state)) continue;
        Optional<Notifier.Result> known = notifier.result(key(release, record, d.notifier));
        if (known.isPresent()) copy(known.get(), d);
        else resume(release, status, record, d, now);
      }
    }
    NotificationLedger.setCondition(
        status, release.getSpec().notifications, release.getMetadata().getGeneration(), now);
  }

  /**
   * A pending delivery this process never saw was interrupted by a restart: it is sent again while
   * its release attempt is still the current one and its notifier still configured; otherwise an
   * old event would arrive late, so it expires.
   */
  private void resume(
      ServiceRelease release,
      ServiceReleaseStatus status,
      NotificationRecord record,
      NotificationRecord.Delivery d,
      Instant now) {
    Optional<NotificationSpec> notifier =
        listeners(release, record.event).stream()
            .filter(n -> n.name.equals(d.notifier) && n.type().equals(d.type))
            .findFirst();
    if (notifier.isPresent() && Objects.equals(record.specHash, status.specHash)) {
      Notice notice = Notice.of(release, status, record);
      this.notifier.submit(
          new Notifier.Delivery(key(release, record, d.notifier), release, notice, notifier.get()));
      return;
    }
    d.state = NotificationLedger.EXPIRED;
    d.finishedAt = now.toString();
    d.error =
        notifier.isPresent()
            ? "not sent: interrupted by an operator restart, and the release moved on"
            : "not sent: the notifier was removed before an interrupted delivery was resumed";
    metrics.delivery(d.type, record.event, NotificationMetrics.EXPIRED);
  }

  private static void copy(Notifier.Result result, NotificationRecord.Delivery d) {
    d.state = result.state();
    d.attempts = result.attempts();
    d.error = result.error();
    d.finishedAt = result.finishedAt() == null ? null : result.finishedAt().toString();
  }

  private boolean remember(Announcement a, Instant now) {
    announced.values().removeIf(at -> at.isBefore(now.minus(REMEMBER)));
    return announced.putIfAbsent(a, now) == null;
  }

  private static List<NotificationSpec> listeners(ServiceRelease release, DeployEvent event) {
    List<NotificationSpec> all = release.getSpec().notifications;
    return all == null ? List.of() : all.stream().filter(n -> n.listensTo(event)).toList();
  }

  private static NotificationRecord record(
      ServiceRelease release,
      DeployEvent event,
      String specHash,
      String retry,
      Details details,
      Instant now) {
    NotificationRecord record = new NotificationRecord();
    record.event = event;
    record.specHash = specHash;
    record.retry = retry;
    record.generation = release.getMetadata().getGeneration();
    record.phase = details.phase();
    record.reason = details.reason();
    record.message = details.message();
    record.at = now.toString();
    return record;
  }

  private static NotificationRecord.Delivery pending(NotificationSpec n) {
    NotificationRecord.Delivery d = new NotificationRecord.Delivery();
    d.notifier = n.name;
    d.type = n.type();
    d.state = NotificationLedger.PENDING;
    d.attempts = 0;
    return d;
  }

  private static Notifier.Key key(
      ServiceRelease release, NotificationRecord record, String notifier) {
    return new Notifier.Key(
        release.getMetadata().getUid(), record.event, record.specHash, record.retry, notifier);
  }

  @Override
  public void close() {
    notifier.close();
  }
}
