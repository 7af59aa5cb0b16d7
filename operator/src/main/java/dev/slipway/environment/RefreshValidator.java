package dev.slipway.environment;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.environment.refresh.IndexSelection;
import java.util.HashSet;
import java.util.List;
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

  static void check(StagingEnvironmentSpec spec, List<String> problems) {
    RefreshSpec refresh = spec.refresh;
    List<RefreshSpec.Aurora> aurora = refresh.aurora == null ? List.of() : refresh.aurora;
    if (aurora.isEmpty() && (refresh.opensearch == null || refresh.opensearch.isEmpty())) {
      problems.add("refresh: at least one datastore (aurora, opensearch) is needed");
      return;
    }
    // Names are unique across kinds: a datastore's steps are chained by name in status.
    Set<String> names = new HashSet<>();
    Set<String> targets = new HashSet<>();
    checkPostSteps(spec, problems);
    if (refresh.opensearch != null) checkOpenSearch(spec, refresh.opensearch, names, problems);
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
}
