package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.aws.AccountCheck;
import dev.slipway.aws.AccountGuard;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.ElbPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that what a shared environment's branch policy names outside itself exists: the admin
 * Secret (with a username), the AWS account, and the load balancer (Port routing) or listener
 * (HostHeader routing). The shared environment reports a missing one by name; every branch pass
 * checks again before it writes anything, so a reference that goes missing stops new work at once.
 */
final class SharedReferences {
  /**
   * A load balancer or listener seen to exist is trusted this long before it is looked up again.
   */
  static final Duration SEEN_TTL = Duration.ofMinutes(1);

  /** A reference that does not resolve: the condition reason and a message naming it. */
  record Problem(String reason, String message) {}

  private final BranchDatastores datastores;
  private final ElbPort elb;
  private final AccountGuard guard;
  private final Clock clock;
  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  SharedReferences(BranchDatastores datastores, ElbPort elb, AccountGuard guard, Clock clock) {
    this.datastores = datastores;
    this.elb = elb;
    this.guard = guard;
    this.clock = clock;
  }

  /** The first reference of {@code shared}'s branch policy that does not resolve, if any. */
  Optional<Problem> check(StagingEnvironment shared) {
    BranchPolicy policy = shared.getSpec().branches;
    if (policy == null) return Optional.empty();
    String namespace = shared.getMetadata().getNamespace();
    if (policy.database != null) {
      Optional<String> secret = datastores.secretProblem(namespace, policy.database);
      if (secret.isPresent()) return Optional.of(new Problem("SecretNotFound", secret.get()));
    }
    if (policy.routing == null) return Optional.empty();
    AwsTarget target = target(shared);
    AccountCheck account = guard.verify(target);
    if (!account.matches()) return Optional.of(new Problem("WrongAccount", account.message()));
    return routing(policy.routing, target);
  }

  private Optional<Problem> routing(BranchPolicy.Routing routing, AwsTarget target) {
    if (routing.mode == BranchPolicy.Routing.Mode.Port) {
      String arn = routing.loadBalancerArn;
      if (exists(arn, () -> elb.loadBalancerExists(target, arn))) return Optional.empty();
      return Optional.of(
          new Problem(
              "LoadBalancerNotFound",
              "load balancer "
                  + arn
                  + " (branches.routing.loadBalancerArn) does not exist in account "
                  + target.accountId()
                  + " "
                  + target.region()));
    }
    String arn = routing.listenerArn;
    if (exists(arn, () -> elb.listenerExists(target, arn))) return Optional.empty();
    return Optional.of(
        new Problem(
            "ListenerNotFound",
            "listener "
                + arn
                + " (branches.routing.listenerArn) does not exist in account "
                + target.accountId()
                + " "
                + target.region()));
  }

  /** Positive answers are remembered briefly; a missing resource is looked up on every pass. */
  private boolean exists(String arn, java.util.function.BooleanSupplier lookup) {
    Instant now = clock.instant();
    Instant at = seen.get(arn);
    if (at != null && now.isBefore(at.plus(SEEN_TTL))) return true;
    boolean exists = lookup.getAsBoolean();
    if (exists) seen.put(arn, now);
    else seen.remove(arn);
    return exists;
  }

  static AwsTarget target(StagingEnvironment shared) {
    return new AwsTarget(
        shared.getSpec().aws.accountId, shared.getSpec().aws.region, shared.getSpec().aws.roleArn);
  }
}
