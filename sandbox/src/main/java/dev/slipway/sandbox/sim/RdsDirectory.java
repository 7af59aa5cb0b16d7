package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Ties the per-account RDS models of one simulator together: reads across accounts (AWS RAM shares
 * of clusters, shared snapshots), seeding and views, and the cluster-available listeners.
 *
 * <p>Another account is only ever read under its own lock and never while the caller's lock is
 * held, so two accounts cloning from each other cannot deadlock; what crosses over is an immutable
 * copy.
 */
final class RdsDirectory {
  final RdsTimings timings;
  final Faults faults;
  private final BiFunction<String, String, RegionState> states;
  private final Supplier<Collection<RegionState>> all;
  private final List<Consumer<RdsClusterEvent>> listeners = new CopyOnWriteArrayList<>();

  RdsDirectory(
      BiFunction<String, String, RegionState> states,
      Supplier<Collection<RegionState>> all,
      RdsTimings timings,
      Faults faults) {
    this.states = states;
    this.all = all;
    this.timings = Objects.requireNonNull(timings);
    this.faults = faults;
  }

  void onClusterAvailable(Consumer<RdsClusterEvent> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Runs {@code body} on one account's RDS model brought up to now, then tells listeners about
   * clusters that became available, after the lock is released.
   */
  <T> T read(String account, String region, Function<RegionState, T> body) {
    return read(states.apply(account, region), body);
  }

  <T> T read(RegionState rs, Function<RegionState, T> body) {
    List<RdsClusterEvent> ready = new ArrayList<>();
    try {
      synchronized (rs) {
        try {
          rs.rds.advance(rs.now());
          return body.apply(rs);
        } finally {
          ready.addAll(rs.rds.drainAvailable());
        }
      }
    } finally {
      fire(ready);
    }
  }

  void fire(List<RdsClusterEvent> ready) {
    for (RdsClusterEvent e : ready) {
      for (Consumer<RdsClusterEvent> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException ex) {
          // A failing listener (say, a fixture that did not load) must not fail the API call
          // that happened to observe the cluster becoming available.
          System.getLogger(RdsDirectory.class.getName())
              .log(System.Logger.Level.WARNING, "onClusterAvailable listener failed", ex);
        }
      }
    }
  }

  /**
   * A copy of another account's cluster as {@code caller} may see it, or null when it does not
   * exist or was not shared with the caller (AWS answers both the same way).
   */
  RdsClusterSource sharedCluster(String caller, RdsArns.Arn arn) {
    RdsClusterSource source =
        read(
            arn.account(),
            arn.region(),
            rs -> {
              RdsCluster c = rs.rds.clusters.get(RdsArns.normalize(arn.name()));
              return c == null ? null : c.asSource(hasAvailableInstance(rs.rds, c));
            });
    return source != null && source.visibleTo(caller) ? source : null;
  }

  /** Another account's snapshot, or null unless it exists and is shared with the caller. */
  RdsSnapshot sharedSnapshot(String caller, RdsArns.Arn arn) {
    RdsSnapshot s =
        read(
            arn.account(), arn.region(), rs -> rs.rds.snapshots.get(RdsArns.normalize(arn.name())));
    return s != null && s.visibleTo(caller) ? s : null;
  }

  /** Every snapshot in the Region that other accounts shared with {@code caller}. */
  List<RdsSnapshot> snapshotsSharedWith(String caller, String region) {
    List<RdsSnapshot> out = new ArrayList<>();
    for (RegionState rs : others(caller, region)) {
      out.addAll(
          read(
              rs,
              r ->
                  r.rds.snapshots.values().stream()
                      .filter(s -> s.sharedWith().contains(caller))
                      .toList()));
    }
    return out;
  }

  /** Every cluster in the Region that other accounts shared with {@code caller}, rendered. */
  List<DBCluster> clustersSharedWith(String caller, String region) {
    List<DBCluster> out = new ArrayList<>();
    for (RegionState rs : others(caller, region)) {
      out.addAll(
          read(
              rs,
              r ->
                  r.rds.clusters.values().stream()
                      .filter(c -> c.sharedWith.contains(caller))
                      .map(c -> RdsRender.cluster(r.rds, c, r.now()))
                      .toList()));
    }
    return out;
  }

  /** Records on the source cluster that it now has clones, as AWS shows with CloneGroupId. */
  void joinCloneGroup(RdsClusterSource source, String cloneGroupId) {
    read(
        source.account(),
        source.region(),
        rs -> {
          RdsCluster c = rs.rds.clusters.get(source.id());
          if (c != null && c.cloneGroupId == null) c.cloneGroupId = cloneGroupId;
          return null;
        });
  }

  static boolean hasAvailableInstance(RdsModel m, RdsCluster c) {
    return m.instancesOf(c.id).stream().anyMatch(i -> i.status.equals("available"));
  }

  private List<RegionState> others(String caller, String region) {
    return all.get().stream()
        .filter(rs -> rs.region.equals(region) && !rs.account.equals(caller))
        .toList();
  }
}
