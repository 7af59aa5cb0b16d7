package dev.slipway.environment;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
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
    if (refresh.aurora == null || refresh.aurora.isEmpty()) {
      problems.add("refresh: at least one datastore (aurora) is needed");
      return;
    }
    Set<String> names = new HashSet<>();
    Set<String> targets = new HashSet<>();
    checkPostSteps(spec, problems);
    for (int i = 0; i < refresh.aurora.size(); i++) {
      RefreshSpec.Aurora a = refresh.aurora.get(i);
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
}
