package dev.slipway.environment;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.environment.refresh.IndexSelection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a refresh before anything runs: unique names, exactly one source each, and the
 * wrong-target guard in its static form: a refresh never writes to what it reads from, so a target
 * that is the source (same account, same cluster) or a target in another account than the
 * environment's is refused. The dynamic form (STS says which account the credentials reach) runs
 * before every pass.
 */
final class RefreshValidator {
  private RefreshValidator() {}

  static void check(StagingEnvironmentSpec spec, List<String> problems) {
    RefreshSpec refresh = spec.refresh;
    if (isEmpty(refresh.aurora) && isEmpty(refresh.elasticache) && isEmpty(refresh.opensearch)) {
      problems.add("refresh: at least one datastore (aurora, elasticache or opensearch) is needed");
      return;
    }
    // Names are unique across kinds: status lists every datastore's steps by name.
    Set<String> names = new HashSet<>();
    if (refresh.aurora != null) checkAurora(spec, refresh.aurora, names, problems);
    if (refresh.elasticache != null) checkElastiCache(spec, refresh.elasticache, names, problems);
    if (refresh.opensearch != null) checkOpenSearch(spec, refresh.opensearch, names, problems);
    checkPostSteps(spec, problems);
    checkDeleteWhenAsleep(spec, problems);
  }

  /** A night's deletion needs nights, and something the refresh re-creates. */
  private static void checkDeleteWhenAsleep(StagingEnvironmentSpec spec, List<String> problems) {
    if (!Boolean.TRUE.equals(spec.refresh.deleteWhenAsleep)) return;
    if (spec.schedule == null || Boolean.TRUE.equals(spec.schedule.alwaysAwake)) {
      problems.add(
          "refresh.deleteWhenAsleep: needs a schedule with awake windows; without one the"
              + " environment never sleeps");
    }
    if (isEmpty(spec.refresh.aurora) && isEmpty(spec.refresh.elasticache)) {
      problems.add(
          "refresh.deleteWhenAsleep: deletes Aurora clusters and ElastiCache groups, and this"
              + " refresh has none (OpenSearch domains are kept)");
    }
  }

  /** A post step runs with a service's task definition: the service must be templated here. */
  private static void checkPostSteps(StagingEnvironmentSpec spec, List<String> problems) {
    if (spec.refresh.postSteps == null) return;
    Set<String> services = new HashSet<>();
    if (spec.services != null) {
      spec.services.stream().filter(s -> s.template != null).forEach(s -> services.add(s.name));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.refresh.postSteps.size(); i++) {
      RefreshSpec.PostStep p = spec.refresh.postSteps.get(i);
      String path = "refresh.postSteps[" + i + "]";
      if (p.name == null || !seen.add(p.name)) problems.add(path + ".name: required and unique");
      if (p.service == null || !services.contains(p.service)) {
        problems.add(
            path + ".service: " + p.service + " is not a templated service of this environment");
      }
    }
  }

  /**
   * OpenSearch: one entry per domain (two would delete each other's restored indices), no system
   * index in {@code indices}, and a repository role the domain can be given: IAM passes only roles
   * of the caller's own account, and the domain's automated repository is not ours to re-register.
   */
  private static void checkOpenSearch(
      StagingEnvironmentSpec spec,
      List<RefreshSpec.OpenSearch> entries,
      Set<String> names,
      List<String> problems) {
    Set<String> domains = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      RefreshSpec.OpenSearch o = entries.get(i);
      String path = "refresh.opensearch[" + i + "]";
      if (o.name == null || !names.add(o.name)) problems.add(path + ".name: required and unique");
      if (o.domain == null) {
        problems.add(path + ".domain: required");
      } else if (!domains.add(o.domain)) {
        problems.add(path + ".domain: refreshed twice; one entry per domain (combine the indices)");
      }
      if (IndexSelection.namesSystemIndices(o.indices)) {
        problems.add(
            path
                + ".indices: "
                + o.indices
                + " names system indices (names starting with . or _); the refresh never deletes"
                + " or restores them");
      }
      RefreshSpec.SnapshotRepository r = o.repository;
      if (r == null || r.name == null || r.bucket == null || r.roleArn == null) {
        problems.add(path + ".repository: name, bucket and roleArn are required");
        continue;
      }
      if (r.name.startsWith("cs-automated")) {
        problems.add(
            path
                + ".repository.name: "
                + r.name
                + " is reserved by OpenSearch Service (cs-automated*)");
      }
      String[] arn = r.roleArn.split(":");
      if (spec.aws != null
          && spec.aws.accountId != null
          && arn.length > 4
          && !spec.aws.accountId.equals(arn[4])) {
        problems.add(
            path
                + ".repository.roleArn: in account "
                + arn[4]
                + "; OpenSearch Service can only be passed a role of the environment's account "
                + spec.aws.accountId
                + " (let that role read production's bucket instead)");
      }
    }
  }

  private static void checkAurora(
      StagingEnvironmentSpec spec,
      List<RefreshSpec.Aurora> aurora,
      Set<String> names,
      List<String> problems) {
    Set<String> targets = new HashSet<>();
    for (int i = 0; i < aurora.size(); i++) {
      RefreshSpec.Aurora a = aurora.get(i);
      String path = "refresh.aurora[" + i + "]";
      if (a.name == null || !names.add(a.name)) {
        problems.add(path + ".name: required and unique");
      }
      if (a.source == null || (a.source.clusterArn == null) == (a.source.snapshotArn == null)) {
        problems.add(path + ".source: exactly one of clusterArn (clone) and snapshotArn (restore)");
        continue;
      }
      if (a.target == null || a.target.clusterIdentifier == null) {
        problems.add(path + ".target.clusterIdentifier: required");
        continue;
      }
      if (!targets.add(a.target.clusterIdentifier.toLowerCase())) {
        problems.add(path + ".target.clusterIdentifier: two datastores re-create the same cluster");
      }
      String source = a.source.clusterArn != null ? a.source.clusterArn : a.source.snapshotArn;
      String[] arn = source.split(":");
      String sourceAccount = arn.length > 4 ? arn[4] : null;
      String sourceName = arn.length > 6 ? arn[6] : null;
      boolean sameAccount =
          spec.aws != null
              && spec.aws.accountId != null
              && spec.aws.accountId.equals(sourceAccount);
      if (a.source.clusterArn != null
          && sameAccount
          && a.target.clusterIdentifier.equalsIgnoreCase(sourceName)) {
        problems.add(
            path
                + ": the target cluster is the source cluster; a refresh never writes to what it"
                + " reads from");
      }
      if (spec.aws != null
          && spec.aws.region != null
          && arn.length > 3
          && !spec.aws.region.equals(arn[3])) {
        problems.add(
            path
                + ".source: in Region "
                + arn[3]
                + ", not the environment's "
                + spec.aws.region
                + " (copy the snapshot to "
                + spec.aws.region
                + " first)");
      }
    }
  }

  /**
   * ElastiCache: production's role only reads and exports, and every write goes to the
   * environment's account, so the target must not be the source group and the role must belong to
   * the source account it claims.
   */
  private static void checkElastiCache(
      StagingEnvironmentSpec spec,
      List<RefreshSpec.ElastiCache> caches,
      Set<String> names,
      List<String> problems) {
    Set<String> targets = new HashSet<>();
    String stagingAccount = spec.aws == null ? null : spec.aws.accountId;
    for (int i = 0; i < caches.size(); i++) {
      RefreshSpec.ElastiCache e = caches.get(i);
      String path = "refresh.elasticache[" + i + "]";
      if (e.name == null || !names.add(e.name)) {
        problems.add(path + ".name: required and unique across aurora and elasticache");
      }
      if (e.exportBucket == null || e.exportBucket.isBlank()) {
        problems.add(path + ".exportBucket: required (production exports its backup there)");
      }
      if (e.source == null
          || e.source.replicationGroupId == null
          || e.source.accountId == null
          || e.source.roleArn == null) {
        problems.add(path + ".source: replicationGroupId, accountId and roleArn are required");
        continue;
      }
      if (e.target == null || e.target.replicationGroupId == null) {
        problems.add(path + ".target.replicationGroupId: required");
        continue;
      }
      String target = e.target.replicationGroupId.toLowerCase(Locale.ROOT);
      if (!targets.add(target)) {
        problems.add(path + ".target.replicationGroupId: two datastores re-create the same group");
      }
      if (e.source.accountId.equals(stagingAccount)
          && e.source.replicationGroupId.equalsIgnoreCase(target)) {
        problems.add(
            path
                + ": the target group is the source group; a refresh never writes to what it"
                + " reads from");
      }
      String[] role = e.source.roleArn.split(":");
      if (role.length > 4 && !e.source.accountId.equals(role[4])) {
        problems.add(
            path
                + ".source.roleArn: in account "
                + role[4]
                + ", not source.accountId "
                + e.source.accountId);
      }
      if (e.target.numCacheClusters != null && e.target.shards != null) {
        problems.add(path + ".target: numCacheClusters and shards exclude each other");
      }
    }
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
