package dev.slipway.dashboard;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.dashboard.Views.CostView;
import dev.slipway.dashboard.Views.EnvironmentRow;
import dev.slipway.dashboard.Views.LinkView;
import dev.slipway.dashboard.Views.PhaseView;
import dev.slipway.dashboard.Views.ReleaseRow;
import dev.slipway.dashboard.Views.ResultView;
import dev.slipway.dashboard.Views.TimeView;
import dev.slipway.dashboard.Views.Tone;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Maps resources as the API server lists them to the dashboard's rows; pure, so tests pin it. */
public final class DashboardViews {
  private static final Map<String, String> RESULT_WORDS =
      Map.of(
          "InProgress", "Deploying",
          "Succeeded", "Deployed",
          "Failed", "Failed",
          "RolledBack", "Rolled back",
          "Superseded", "Replaced by a newer release");

  private DashboardViews() {}

  /** Shared environments first within a namespace, each followed by its branch environments. */
  public static List<EnvironmentRow> environments(
      List<StagingEnvironment> environments, List<ServiceRelease> releases, Instant now) {
    return environments.stream()
        .sorted(
            Comparator.comparing((StagingEnvironment e) -> e.getMetadata().getNamespace())
                .thenComparing(e -> e.isBranch() ? e.getSpec().from : e.getMetadata().getName())
                .thenComparing(StagingEnvironment::isBranch)
                .thenComparing(e -> e.getMetadata().getName()))
        .map(e -> environment(e, childrenOf(e, releases), now))
        .toList();
  }

  static EnvironmentRow environment(
      StagingEnvironment env, List<ServiceRelease> children, Instant now) {
    StagingEnvironmentSpec spec =
        env.getSpec() == null ? new StagingEnvironmentSpec() : env.getSpec();
    StagingEnvironmentStatus status = env.getStatus();
    boolean branch = env.isBranch();
    return new EnvironmentRow(
        env.getMetadata().getNamespace(),
        env.getMetadata().getName(),
        branch ? "branch" : "shared",
        spec.branch,
        spec.from,
        status == null || status.url == null
            ? null
            : new LinkView(status.url, SafeLinks.href(status.url)),
        environmentPhase(status),
        branch ? imageTag(spec) : null,
        lastResult(children, now),
        time(status == null ? null : status.expiresAt, now),
        branch || status == null ? null : status.environments,
        cost(status == null ? null : status.cost));
  }

  /** status.cost for people: dollars rounded for reading, the rest in the tooltip. */
  static CostView cost(StagingEnvironmentStatus.CostStatus c) {
    if (c == null) return null;
    if (c.hourlyNow == null || c.monthlyProjected == null) {
      return new CostView("unknown", null, null, c.message);
    }
    String detail =
        String.format(
            Locale.ROOT,
            "always on, all on-demand: $%.2f/month; awake %.1f%% of the next 28 days; %s",
            c.monthlyAlwaysOnOnDemand == null ? 0.0 : c.monthlyAlwaysOnOnDemand,
            100 * (c.awakeFraction == null ? 1.0 : c.awakeFraction),
            c.prices == null ? "prices unknown" : "prices: " + c.prices);
    return new CostView(
        String.format(Locale.ROOT, "$%.4f", c.hourlyNow),
        String.format(Locale.ROOT, "$%.2f", c.monthlyProjected),
        c.savingPercent == null || c.savingPercent == 0
            ? null
            : String.format(Locale.ROOT, "-%.1f%%", c.savingPercent),
        detail);
  }

  /** Newest first within a namespace would reorder rows as they change; names keep them still. */
  public static List<ReleaseRow> releases(
      List<ServiceRelease> releases, List<StagingEnvironment> environments, Instant now) {
    Map<String, StagingEnvironment> byUid =
        environments.stream()
            .filter(e -> e.getMetadata().getUid() != null)
            .collect(
                Collectors.toMap(e -> e.getMetadata().getUid(), Function.identity(), (a, b) -> a));
    return releases.stream()
        .sorted(
            Comparator.comparing((ServiceRelease r) -> r.getMetadata().getNamespace())
                .thenComparing(r -> r.getMetadata().getName()))
        .map(r -> release(r, owner(r, byUid), now))
        .toList();
  }

  static ReleaseRow release(ServiceRelease sr, StagingEnvironment owner, Instant now) {
    ServiceReleaseStatus status = sr.getStatus();
    return new ReleaseRow(
        sr.getMetadata().getNamespace(),
        sr.getMetadata().getName(),
        owner == null ? null : owner.getMetadata().getName(),
        owner == null || owner.getSpec() == null ? null : owner.getSpec().branch,
        releasePhase(status),
        status != null && status.image != null ? status.image : specImage(sr),
        status == null ? null : status.replicas,
        lastResult(List.of(sr), now),
        updated(sr, now));
  }

  static PhaseView environmentPhase(StagingEnvironmentStatus status) {
    if (status == null || status.phase == null)
      return new PhaseView("Pending", Tone.busy, "Slipway has not looked at it yet");
    Tone tone =
        switch (status.phase) {
          case Ready -> Tone.ok;
          case Provisioning -> Tone.busy;
          case Failed -> Tone.bad;
          case Sleeping, Expired, Deleting -> Tone.idle;
        };
    return new PhaseView(status.phase.name(), tone, status.message);
  }

  static PhaseView releasePhase(ServiceReleaseStatus status) {
    if (status == null || status.phase == null)
      return new PhaseView("Pending", Tone.busy, "Slipway has not looked at it yet");
    Tone tone =
        switch (status.phase) {
          case Ready -> Tone.ok;
          // Waiting for a person or a bake timer is work in progress, not a problem.
          case Pending, Progressing, AwaitingPromotion, Baking -> Tone.busy;
          case Degraded, Failed, RolledBack, Aborted -> Tone.bad;
          case Suspended, Sleeping, Deleting -> Tone.idle;
        };
    return new PhaseView(status.phase.name(), tone, status.message);
  }

  /**
   * The latest release of each release, worst first (a failure matters more than a success
   * elsewhere), then newest; with several releases the message names the one it is about.
   */
  static ResultView lastResult(List<ServiceRelease> releases, Instant now) {
    record Latest(String release, ServiceReleaseStatus.ReleaseRecord record, Instant at) {}
    List<Latest> latest =
        releases.stream()
            .filter(r -> r.getStatus() != null && !r.getStatus().history.isEmpty())
            .map(
                r -> {
                  ServiceReleaseStatus.ReleaseRecord rec = r.getStatus().history.get(0);
                  Instant at = parse(rec.finishedAt != null ? rec.finishedAt : rec.startedAt);
                  return new Latest(r.getMetadata().getName(), rec, at);
                })
            .toList();
    Optional<Latest> pick =
        latest.stream()
            .min(
                Comparator.comparingInt((Latest l) -> severity(resultTone(l.record().result)))
                    .thenComparing(
                        Latest::at, Comparator.nullsLast(Comparator.<Instant>reverseOrder())));
    return pick.map(
            l -> {
              String message = l.record().message;
              if (latest.size() > 1)
                message = l.release() + (message == null ? "" : ": " + message);
              return new ResultView(
                  RESULT_WORDS.getOrDefault(l.record().result, String.valueOf(l.record().result)),
                  resultTone(l.record().result),
                  message,
                  l.at() == null ? null : timeView(l.at(), now));
            })
        .orElse(null);
  }

  static Tone resultTone(String result) {
    if (result == null) return Tone.idle;
    return switch (result) {
      case "Succeeded" -> Tone.ok;
      case "InProgress" -> Tone.busy;
      case "Failed", "RolledBack" -> Tone.bad;
      default -> Tone.idle;
    };
  }

  private static int severity(Tone tone) {
    return switch (tone) {
      case bad -> 0;
      case busy -> 1;
      case ok -> 2;
      case idle -> 3;
    };
  }

  /** The tag for every container, or the per-container images when those were given. */
  static String imageTag(StagingEnvironmentSpec spec) {
    if (spec.images == null || spec.images.isEmpty()) return spec.imageTag;
    String images =
        spec.images.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    return spec.imageTag == null ? images : spec.imageTag + " (" + images + ")";
  }

  /** The last time anything about the release moved: a condition, a release, or its creation. */
  static TimeView updated(ServiceRelease sr, Instant now) {
    ServiceReleaseStatus s = sr.getStatus();
    Stream<String> fromStatus =
        s == null
            ? Stream.empty()
            : Stream.concat(
                Stream.of(s.releaseStartedAt, s.rolloutStartedAt),
                Stream.concat(
                    s.conditions.stream().map(Condition::getLastTransitionTime),
                    s.history.stream()
                        .limit(1)
                        .flatMap(h -> Stream.of(h.startedAt, h.finishedAt))));
    return Stream.concat(Stream.of(sr.getMetadata().getCreationTimestamp()), fromStatus)
        .map(DashboardViews::parse)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder())
        .map(at -> timeView(at, now))
        .orElse(null);
  }

  static TimeView time(String iso, Instant now) {
    Instant at = parse(iso);
    return at == null ? null : timeView(at, now);
  }

  private static TimeView timeView(Instant at, Instant now) {
    return new TimeView(at.toString(), RelativeTime.describe(at, now));
  }

  /** RFC 3339 as Kubernetes and the operator write it; anything else counts as unknown. */
  static Instant parse(String iso) {
    if (iso == null || iso.isBlank()) return null;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String specImage(ServiceRelease sr) {
    if (sr.getSpec() == null || sr.getSpec().taskDefinition == null) return null;
    List<ContainerSpec> containers = sr.getSpec().taskDefinition.containers;
    return containers == null || containers.isEmpty() ? null : containers.get(0).image;
  }

  private static List<ServiceRelease> childrenOf(
      StagingEnvironment env, List<ServiceRelease> releases) {
    String uid = env.getMetadata().getUid();
    if (uid == null) return List.of();
    return releases.stream().filter(r -> ownerUid(r).filter(uid::equals).isPresent()).toList();
  }

  private static StagingEnvironment owner(
      ServiceRelease sr, Map<String, StagingEnvironment> byUid) {
    return ownerUid(sr).map(byUid::get).orElse(null);
  }

  /** The uid of the StagingEnvironment owning the release, if one does. */
  private static Optional<String> ownerUid(HasMetadata r) {
    List<OwnerReference> refs = r.getMetadata().getOwnerReferences();
    if (refs == null) return Optional.empty();
    return refs.stream()
        .filter(o -> "StagingEnvironment".equals(o.getKind()))
        .map(OwnerReference::getUid)
        .filter(Objects::nonNull)
        .findFirst();
  }
}
