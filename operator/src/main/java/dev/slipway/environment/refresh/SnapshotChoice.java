package dev.slipway.environment.refresh;

import dev.slipway.aws.OpenSearchRestPort.Snapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which of production's snapshots a refresh restores, and whether staging can read it. */
final class SnapshotChoice {
  private SnapshotChoice() {}

  /**
   * The newest SUCCESS snapshot, of those named with the prefix unless {@code choice} is latest.
   */
  static Optional<Snapshot> latestGood(List<Snapshot> all, String choice) {
    String prefix = prefix(choice);
    return all.stream()
        .filter(s -> "SUCCESS".equals(s.state()) && s.name().startsWith(prefix))
        .max(
            Comparator.comparingLong(Snapshot::endMillis).thenComparingLong(Snapshot::startMillis));
  }

  /**
   * True when an OpenSearch snapshot version ("2.14.0") is newer than an OpenSearch domain's
   * ("OpenSearch_2.13"). Elasticsearch domains, and versions not known, are left to the restore.
   */
  static boolean newer(String snapshotVersion, String domainVersion) {
    if (snapshotVersion == null || domainVersion == null) return false;
    if (!domainVersion.startsWith("OpenSearch_")) return false;
    String[] s = snapshotVersion.split("\\.");
    String[] d = domainVersion.substring("OpenSearch_".length()).split("\\.");
    try {
      int major = Integer.compare(Integer.parseInt(s[0]), Integer.parseInt(d[0]));
      if (major != 0) return major > 0;
      return s.length > 1 && d.length > 1 && Integer.parseInt(s[1]) > Integer.parseInt(d[1]);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static String prefix(String choice) {
    return choice == null || choice.equals("latest") ? "" : choice;
  }
}
