package dev.slipway.sandbox.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.rds.model.Event;

/**
 * RDS state for one account and Region, and the lazy evaluation that moves clusters and instances
 * through their statuses. Every transition has a deadline fixed when it started, so bringing the
 * model up to now is a matter of applying the deadlines that have passed, in time order.
 */
final class RdsModel {
  static final Duration EVENT_RETENTION = Duration.ofDays(14);
  private static final DateTimeFormatter AUTOMATED_NAME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm").withZone(ZoneOffset.UTC);

  final String account;
  final String region;
  final Map<String, RdsCluster> clusters = new LinkedHashMap<>();
  final Map<String, RdsInstance> instances = new LinkedHashMap<>();
  final Map<String, RdsSnapshot> snapshots = new LinkedHashMap<>();
  final List<Event> events = new ArrayList<>();
  final Random random;
  private final List<RdsClusterEvent> becameAvailable = new ArrayList<>();
  private int nextZone;

  RdsModel(String account, String region, long seed) {
    this.account = account;
    this.region = region;
    this.random = new Random(seed ^ (account + "/" + region + "/rds").hashCode());
  }

  /** Applies every transition whose deadline has passed. Callers hold the region's lock. */
  void advance(Instant now) {
    for (RdsInstance i : List.copyOf(instances.values())) {
      if (i.transitionEndsAt == null || i.transitionEndsAt.isAfter(now)) continue;
      Instant at = i.transitionEndsAt;
      i.transitionEndsAt = null;
      if (i.status.equals("creating")) {
        i.status = "available";
        event(at, "db-instance", i.id, i.arn, "creation", "DB instance created");
      } else if (i.isDeleting()) {
        instances.remove(i.id);
        event(at, "db-instance", i.id, i.arn, "deletion", "DB instance deleted");
      }
    }
    clusters.values().forEach(c -> startPendingUpgrade(c, now));
    List<RdsCluster> due =
        clusters.values().stream()
            .filter(c -> c.transitionEndsAt != null && !c.transitionEndsAt.isAfter(now))
            .sorted(Comparator.comparing(c -> c.transitionEndsAt))
            .toList();
    due.forEach(this::finishTransition);
    clusters.values().forEach(c -> takeAutomatedBackups(c, now));
    events.removeIf(e -> e.date().isBefore(now.minus(EVENT_RETENTION)));
  }

  /** Clusters restored or cloned that became available since the last call; clears the list. */
  List<RdsClusterEvent> drainAvailable() {
    List<RdsClusterEvent> out = List.copyOf(becameAvailable);
    becameAvailable.clear();
    return out;
  }

  private void finishTransition(RdsCluster c) {
    Instant at = c.transitionEndsAt;
    c.transitionEndsAt = null;
    switch (c.status) {
      case "creating" -> {
        c.status = "available";
        c.nextBackupAt = nextBackupAfter(at);
        event(at, "db-cluster", c.id, c.arn, "creation", "DB cluster created");
        announce(c);
      }
      case "upgrading" -> finishUpgrade(c, at);
      case "deleting" -> {
        clusters.remove(c.id);
        // Deleting a cluster deletes its automated backups; manual snapshots stay.
        snapshots.values().removeIf(s -> s.clusterId().equals(c.id) && isAutomated(s));
        event(at, "db-cluster", c.id, c.arn, "deletion", "DB cluster deleted");
      }
      default -> c.status = "available";
    }
  }

  private void finishUpgrade(RdsCluster c, Instant at) {
    c.status = "available";
    if (c.precheckFails) {
      event(
          at,
          "db-cluster",
          c.id,
          c.arn,
          "maintenance",
          "Database cluster is in a state that cannot be upgraded: Upgrade prechecks failed."
              + " For more details, see the upgrade-prechecks.log file.");
    } else {
      String from = c.engineVersion;
      c.engineVersion = c.upgradingTo;
      if (!RdsEngines.sameMajor(c.engine, from, c.engineVersion)) moveToNewFamily(c, from);
      event(
          at,
          "db-cluster",
          c.id,
          c.arn,
          "maintenance",
          "Database cluster engine version upgrade finished. New version: " + c.upgradingTo);
    }
    c.upgradingTo = null;
    c.precheckFails = false;
    c.upgradeInstanceParameterGroup = null;
  }

  /** After a major upgrade, default parameter groups are those of the new version's family. */
  private void moveToNewFamily(RdsCluster c, String from) {
    String oldDefault = RdsEngines.defaultParameterGroup(c.engine, from);
    String newDefault = RdsEngines.defaultParameterGroup(c.engine, c.engineVersion);
    if (c.parameterGroup.equals(oldDefault)) c.parameterGroup = newDefault;
    for (RdsInstance i : instancesOf(c.id)) {
      if (c.upgradeInstanceParameterGroup != null) {
        i.parameterGroup = c.upgradeInstanceParameterGroup;
      } else if (i.parameterGroup.equals(oldDefault)) {
        i.parameterGroup = newDefault;
      }
    }
  }

  /** Upgrades deferred with ApplyImmediately=false start when the maintenance window opens. */
  private void startPendingUpgrade(RdsCluster c, Instant now) {
    if (c.pendingEngineVersion == null || !c.isAvailable() || c.pendingStartsAt.isAfter(now)) {
      return;
    }
    startUpgrade(
        c, c.pendingEngineVersion, c.pendingStartsAt, c.pendingDuration, c.pendingPrecheckFails);
    c.pendingEngineVersion = null;
    c.pendingStartsAt = null;
    c.pendingDuration = null;
  }

  /** Puts a cluster into "upgrading" towards {@code version}; see {@link #finishUpgrade}. */
  void startUpgrade(
      RdsCluster c, String version, Instant at, Duration duration, boolean precheckFails) {
    c.status = "upgrading";
    c.upgradingTo = version;
    c.precheckFails = precheckFails;
    c.transitionEndsAt = at.plus(duration);
    event(
        at,
        "db-cluster",
        c.id,
        c.arn,
        "maintenance",
        "Database cluster engine version upgrade started.");
  }

  private void takeAutomatedBackups(RdsCluster c, Instant now) {
    if (c.nextBackupAt == null || c.status.equals("deleting") || c.status.equals("creating")) {
      return;
    }
    while (!c.nextBackupAt.isAfter(now)) {
      snapshots.put(
          automatedName(c.id, c.nextBackupAt),
          new RdsSnapshot(
              account,
              region,
              automatedName(c.id, c.nextBackupAt),
              c.id,
              RdsSnapshot.AUTOMATED,
              c.nextBackupAt,
              c.engine,
              c.engineVersion,
              c.port,
              c.masterUsername,
              c.storageEncrypted,
              c.kmsKeyId,
              c.createdAt,
              c.resourceId,
              List.of(),
              Set.of()));
      c.nextBackupAt = c.nextBackupAt.plus(Duration.ofDays(1));
    }
    Instant oldest = now.minus(Duration.ofDays(c.backupRetentionDays));
    snapshots
        .values()
        .removeIf(
            s -> s.clusterId().equals(c.id) && isAutomated(s) && s.createdAt().isBefore(oldest));
  }

  /** Automated backups are taken daily at 03:10 UTC, inside the default backup window. */
  static Instant nextBackupAfter(Instant t) {
    Instant today = t.atZone(ZoneOffset.UTC).toLocalDate().atTime(3, 10).toInstant(ZoneOffset.UTC);
    return today.isAfter(t) ? today : today.plus(Duration.ofDays(1));
  }

  /**
   * The first start of a weekly window such as "sun:05:00-sun:05:30" at or after {@code t}, in UTC.
   */
  static Instant nextWindowStart(String window, Instant t) {
    String[] start = window.split("-")[0].split(":");
    java.time.DayOfWeek day =
        java.util.Arrays.stream(java.time.DayOfWeek.values())
            .filter(d -> d.name().substring(0, 3).equalsIgnoreCase(start[0]))
            .findFirst()
            .orElseThrow();
    java.time.ZonedDateTime at =
        t.atZone(ZoneOffset.UTC)
            .with(java.time.temporal.TemporalAdjusters.nextOrSame(day))
            .withHour(Integer.parseInt(start[1]))
            .withMinute(Integer.parseInt(start[2]))
            .withSecond(0)
            .withNano(0);
    Instant out = at.toInstant();
    return out.isBefore(t) ? out.plus(Duration.ofDays(7)) : out;
  }

  static String automatedName(String clusterId, Instant at) {
    return "rds:" + clusterId + "-" + AUTOMATED_NAME.format(at);
  }

  static boolean isAutomated(RdsSnapshot s) {
    return s.type().equals(RdsSnapshot.AUTOMATED);
  }

  private void announce(RdsCluster c) {
    if (c.announced || c.origin == RdsClusterEvent.Origin.SEED) return;
    c.announced = true;
    becameAvailable.add(
        new RdsClusterEvent(
            account,
            region,
            c.id,
            c.engine,
            c.engineVersion,
            c.endpoint(),
            c.port,
            c.origin,
            c.source));
  }

  void event(
      Instant at, String sourceType, String id, String arn, String category, String message) {
    events.add(
        Event.builder()
            .date(at)
            .sourceType(sourceType)
            .sourceIdentifier(id)
            .sourceArn(arn)
            .eventCategories(category)
            .message(message)
            .build());
  }

  /** Instances spread over the Region's first three Availability Zones, as subnet groups do. */
  String nextAvailabilityZone() {
    return region + (char) ('a' + (nextZone++ % 3));
  }

  List<RdsInstance> instancesOf(String clusterId) {
    return instances.values().stream().filter(i -> i.clusterId.equals(clusterId)).toList();
  }

  String resourceId(String prefix) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 26; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return sb.toString();
  }
}
