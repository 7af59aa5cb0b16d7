package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsClientFactory;
import dev.slipway.release.ReleasePlan;
import dev.slipway.release.Tags;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;

/**
 * {@code slipway verify}: checks that what a ServiceRelease references exists in AWS and is usable
 * (account, cluster, target groups, roles, secrets, images, log groups) and prints one line per
 * problem. Reads only; secret values are never read.
 */
public final class VerifyVerb {
  private final AwsClientFactory clients;
  private final AwsCalls calls;
  private final AccountGuard accounts;

  public VerifyVerb(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
    this.accounts = new AccountGuard(clients, calls);
  }

  public VerbResult run(String manifest) {
    Validation.Checked checked = Validation.check(manifest);
    if (checked.invalid() != null) return checked.invalid();
    StringBuilder out = new StringBuilder();
    int problems = 0;
    for (ServiceRelease sr : checked.releases()) {
      List<Problem> found;
      try {
        found = verify(sr);
      } catch (RuntimeException e) {
        return new VerbResult(
            out.toString(),
            checked.notes()
                + Tags.owner(sr)
                + ": could not check: "
                + AwsFailure.describe(e)
                + "\n",
            VerbResult.AWS_ERROR);
      }
      found.forEach(p -> out.append(p.line(Tags.owner(sr))).append('\n'));
      out.append(Tags.owner(sr))
          .append(found.isEmpty() ? ": ok" : ": " + found.size() + " problem(s)")
          .append('\n');
      problems += found.size();
    }
    return new VerbResult(
        out.toString(), checked.notes(), problems == 0 ? VerbResult.OK : VerbResult.CHANGES);
  }

  /**
   * Every problem with one release. Errors that say nothing about the manifest (throttling, 5xx, no
   * credentials) propagate and end the verb with exit code 3.
   */
  List<Problem> verify(ServiceRelease sr) {
    ReleasePlan plan = ReleasePlan.of(sr);
    List<Problem> problems = new ArrayList<>();
    AccountCheck account;
    try {
      account = accounts.verify(plan.target());
    } catch (RuntimeException e) {
      if (AwsFailure.couldNotAsk(e) || sr.getSpec().aws.roleArn == null) throw e;
      problems.add(
          new Problem(
              "spec.aws.roleArn",
              "cannot assume " + sr.getSpec().aws.roleArn,
              AwsFailure.describe(e)));
      return problems;
    }
    if (!account.matches()) {
      problems.add(
          new Problem(
              "spec.aws.accountId",
              "credentials are for account " + account.actual(),
              "the manifest names account " + account.expected() + "; nothing else was checked"));
      return problems;
    }
    checkCluster(plan, problems);
    new TargetGroupChecks(clients, calls, plan.target()).check(sr, problems);
    new ReferenceChecks(clients, calls, plan.target()).check(sr, problems);
    return problems;
  }

  private void checkCluster(ReleasePlan plan, List<Problem> problems) {
    String cluster = plan.service().cluster();
    DescribeClustersResponse r =
        calls.call(
            plan.target(),
            "ecs",
            "DescribeClusters",
            () -> clients.ecs(plan.target()).describeClusters(b -> b.clusters(cluster)));
    Cluster found = r.clusters().stream().findFirst().orElse(null);
    if (found == null) {
      problems.add(
          new Problem(
              "spec.cluster",
              "cluster " + cluster + " does not exist",
              "not found in account " + plan.target().accountId() + ", " + plan.target().region()));
    } else if (!"ACTIVE".equals(found.status())) {
      problems.add(
          new Problem(
              "spec.cluster",
              "cluster " + cluster + " is " + found.status(),
              "ECS places services only in ACTIVE clusters"));
    }
  }
}
