package dev.slipway.environment;

import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.status.DeletionFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deleting a branch environment. One that was never admitted made nothing (admission is recorded
 * before anything is created and cleared only after a full teardown), so its deletion touches
 * nothing but its child releases, if any, and finishes at once. An admitted one is torn down with
 * ownership proven at each step; without its shared environment, which holds the routing and
 * datastore settings, the teardown is blocked and says so.
 */
final class BranchDeletion implements DeletionFrame.Teardown<StagingEnvironment> {
  private final BranchResolver resolver;
  private final BranchTeardown teardown;
  private final ChildReleases children;
  private final Consumer<StagingEnvironment> onDeleted;

  BranchDeletion(
      BranchResolver resolver,
      BranchTeardown teardown,
      ChildReleases children,
      Consumer<StagingEnvironment> onDeleted) {
    this.resolver = resolver;
    this.teardown = teardown;
    this.children = children;
    this.onDeleted = onDeleted;
  }

  @Override
  public Optional<String> run(StagingEnvironment env) {
    Optional<BranchContext> ctx = admitted(env) ? context(env) : Optional.empty();
    if (ctx.isPresent()) {
      return teardown.run(ctx.get(), BranchClaims.onDelete(ctx.get().policy()));
    }
    Optional<String> services = removeServices(env);
    if (services.isPresent() || !admitted(env)) return services;
    throw new DeletionFrame.TeardownBlockedException(
        "remove this environment's ways in, target groups, schema and Redis keys: shared"
            + " environment "
            + env.getSpec().from
            + " "
            + unusable(env)
            + ", and it holds the settings needed to find them; restore it");
  }

  @Override
  public List<String> leftBehind(StagingEnvironment env) {
    List<String> left = new ArrayList<>();
    children.list(env).forEach(r -> left.add("ServiceRelease " + r.getMetadata().getName()));
    if (!admitted(env)) return left;
    Optional<BranchContext> ctx = context(env);
    if (ctx.isPresent()) {
      left.addAll(teardown.remaining(ctx.get()));
    } else {
      StagingEnvironmentStatus s = env.getStatus();
      left.add(
          "whatever it made (not verifiable: shared environment "
              + env.getSpec().from
              + " "
              + unusable(env)
              + "); its status recorded schema "
              + s.schema
              + ", Redis namespace "
              + s.redisNamespace
              + (s.services.isEmpty() ? "" : ", target groups " + targetGroups(s)));
    }
    return left;
  }

  @Override
  public void abandon(StagingEnvironment env) {
    children.abandonAll(children.list(env));
  }

  @Override
  public void deleted(StagingEnvironment env) {
    onDeleted.accept(env);
  }

  private Optional<String> removeServices(StagingEnvironment env) {
    return children.removeAll(env);
  }

  private Optional<BranchContext> context(StagingEnvironment env) {
    return env.getSpec() == null ? Optional.empty() : resolver.teardownContext(env);
  }

  private String unusable(StagingEnvironment env) {
    return resolver.sharedEnvironment(env).isPresent()
        ? "has no usable branches policy"
        : "no longer exists";
  }

  static boolean admitted(StagingEnvironment env) {
    return env.getStatus() != null && env.getStatus().admittedAt != null;
  }

  private static String targetGroups(StagingEnvironmentStatus s) {
    return String.join(
        ", ", s.services.stream().map(st -> st.targetGroupArn).filter(arn -> arn != null).toList());
  }
}
