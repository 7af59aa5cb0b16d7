package dev.slipway.environment;

import dev.slipway.aws.AwsRateLimitedException;
import dev.slipway.aws.ElbPort;
import dev.slipway.datastore.SchemaManager;
import dev.slipway.status.DeletionFrame;
import dev.slipway.status.StatusControls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes everything a branch environment made, in the order that stops traffic first and never
 * strands a resource: the way in, the services (their releases' finalizers delete them from ECS),
 * the target groups, the schema, the Redis keys. Every destructive step acts only on what a durable
 * record proves is this very environment's (owner tags with its uid, the servers' ledgers, owner
 * references), never on what its status says; every step is idempotent, so a pass interrupted by a
 * crash is simply run again.
 */
final class BranchTeardown {
  private final ElbPort elb;
  private final ChildReleases children;
  private final BranchClaims claims;

  BranchTeardown(ElbPort elb, ChildReleases children, BranchClaims claims) {
    this.elb = elb;
    this.children = children;
    this.claims = claims;
  }

  /**
   * One teardown pass; empty when everything is gone, else what it is waiting for. A step that
   * cannot proceed throws, and the caller reports the teardown as blocked.
   *
   * @param keep what happens to the schema (Redis keys always go: they are a cache)
   */
  Optional<String> run(BranchContext ctx, SchemaManager.Keep keep) {
    BranchRoutes routes = routes(ctx);
    if (routes != null) {
      step("remove the way in on " + routingTarget(ctx), () -> routes.close(ctx.services()));
    }
    Optional<String> services = removeServices(ctx);
    if (services.isPresent()) return services;
    if (routes != null) {
      step("delete the target groups", () -> routes.releaseTargetGroups(ctx.services()));
    }
    if (ctx.policy().database != null) {
      step(
          (keep == SchemaManager.Keep.DROP ? "drop " : "release ")
              + ctx.identity().schema()
              + " on "
              + ctx.policy().database.endpoint,
          () -> claims.releaseSchemas(ctx, keep));
    }
    if (ctx.policy().redis != null && keep != SchemaManager.Keep.KEEP_OWNED) {
      step(
          "delete the keys of Redis namespace "
              + ctx.identity().redisNamespace()
              + " on "
              + RedisEndpoints.withoutCredentials(ctx.policy().redis.endpoint),
          () -> claims.releaseRedis(ctx));
    }
    return Optional.empty();
  }

  /**
   * Runs one step; if it cannot proceed, the teardown is blocked on it, and the message says what
   * it was about to do. Rate limiting is not a blockage: it passes through to be requeued.
   */
  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (AwsRateLimitedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (StatusControls.interruptedByShutdown(e)) throw e;
      throw new DeletionFrame.TeardownBlockedException(what, e);
    }
  }

  /**
   * Deletes the child releases (found by owner uid label, a record on the children themselves) and
   * says what is still going; empty when none is left.
   */
  Optional<String> removeServices(BranchContext ctx) {
    return children.removeAll(ctx.env());
  }

  /**
   * What a teardown would still remove, as the durable records show it now: for the list an abandon
   * leaves behind. Each part that cannot be read is named with why.
   */
  List<String> remaining(BranchContext ctx) {
    List<String> left = new ArrayList<>();
    BranchRoutes routes = routes(ctx);
    if (routes != null) {
      try {
        routes.ownedTargetGroups(ctx.services()).forEach(arn -> left.add("target group " + arn));
        left.addAll(routes.ownedWaysIn(ctx.services()));
      } catch (RuntimeException e) {
        left.add("routing on " + routingTarget(ctx) + " (not readable: " + e.getMessage() + ")");
      }
    }
    try {
      left.addAll(claims.held(ctx));
    } catch (RuntimeException e) {
      left.add(
          "schema "
              + ctx.identity().schema()
              + " / Redis namespace "
              + ctx.identity().redisNamespace()
              + " (ledgers not readable: "
              + e.getMessage()
              + ")");
    }
    return left;
  }

  /** The environment's routes, or null when the policy routes nothing. */
  BranchRoutes routes(BranchContext ctx) {
    if (ctx.policy().routing == null) return null;
    return new BranchRoutes(new Routing(elb, ctx.target()), ctx);
  }

  private static String routingTarget(BranchContext ctx) {
    return ctx.policy().routing.loadBalancerArn != null
        ? ctx.policy().routing.loadBalancerArn
        : ctx.policy().routing.listenerArn;
  }
}
