package dev.slipway.environment;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.ElbPort;
import dev.slipway.datastore.RedisNamespace;
import java.util.List;
import java.util.Optional;

/**
 * Removes everything a branch environment made, in the order that stops traffic first and never
 * strands a resource: the way in, the services (their releases' finalizers delete them from ECS),
 * the target groups, the schema, the Redis keys. Every step is idempotent, so a pass interrupted by
 * a crash is simply run again.
 */
final class BranchTeardown {
  private final ElbPort elb;
  private final ChildReleases children;
  private final BranchDatastores datastores;

  BranchTeardown(ElbPort elb, ChildReleases children, BranchDatastores datastores) {
    this.elb = elb;
    this.children = children;
    this.datastores = datastores;
  }

  /**
   * One teardown pass; empty when everything is gone, else what it is waiting for.
   *
   * @param dropSchema whether the branch's schema goes too ({@code dropSchemaOnDelete}); its Redis
   *     keys always go, they are a cache
   */
  Optional<String> run(BranchContext ctx, boolean dropSchema) {
    BranchRoutes routes = routes(ctx);
    if (routes != null) routes.close(ctx.services());
    List<ServiceRelease> left = children.list(ctx.env());
    if (!left.isEmpty()) {
      children.deleteAll(left);
      return Optional.of(
          "waiting for "
              + left.size()
              + " service"
              + (left.size() == 1 ? "" : "s")
              + " to be deleted from ECS ("
              + String.join(", ", left.stream().map(r -> r.getMetadata().getName()).toList())
              + ")");
    }
    if (routes != null) routes.releaseTargetGroups(ctx.services());
    if (dropSchema && ctx.policy().database != null) {
      datastores.schemas(ctx.namespace(), ctx.policy().database).drop(ctx.identity().schema());
    }
    if (ctx.policy().redis != null) {
      try (RedisNamespace redis = BranchDatastores.redis(ctx.policy().redis)) {
        redis.deleteAll(ctx.identity().redisNamespace());
      }
    }
    return Optional.empty();
  }

  /** The environment's routes, or null when the policy routes nothing. */
  BranchRoutes routes(BranchContext ctx) {
    if (ctx.policy().routing == null) return null;
    return new BranchRoutes(
        new Routing(elb, ctx.target()), ctx.policy().routing, ctx.names(), ctx.owner());
  }
}
