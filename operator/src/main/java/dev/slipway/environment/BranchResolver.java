package dev.slipway.environment;

import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.release.ReleaseSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * Finds a branch environment's shared environment and builds the context every step needs: strictly
 * for a pass (the shared environment must be valid and take this branch), leniently for a teardown
 * (it only has to say where things are).
 */
final class BranchResolver {
  private final KubernetesClient client;
  private final ReleaseSettings settings;

  BranchResolver(KubernetesClient client, ReleaseSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** What the pass needs, or the outcome that stops it (missing or unsuitable shared env). */
  record Resolution(BranchContext ctx, EnvironmentOutcome problem) {}

  Resolution resolve(StagingEnvironment env) {
    String namespace = env.getMetadata().getNamespace();
    String from = env.getSpec().from;
    StagingEnvironment shared =
        client.resources(StagingEnvironment.class).inNamespace(namespace).withName(from).get();
    if (shared == null) {
      return new Resolution(
          null,
          EnvironmentOutcome.failed(
              "SharedEnvironmentNotFound",
              "shared environment " + namespace + "/" + from + " (spec.from) does not exist",
              settings.resync()));
    }
    if (shared.isBranch()) {
      return problem(
          "from: " + from + " is itself a branch environment; name the shared environment");
    }
    List<String> sharedProblems = EnvironmentValidator.validate(shared.getSpec());
    if (!sharedProblems.isEmpty()) {
      return sharedInvalid(from, "its spec is invalid: " + String.join("; ", sharedProblems));
    }
    BranchPolicy policy = shared.getSpec().branches;
    if (policy == null) {
      return problem(
          "shared environment " + from + " has no branches policy, so it takes no branches");
    }
    String branch = env.getSpec().branch;
    if (!GlobMatcher.of(policy.match).matches(branch)) {
      return problem(
          "branch "
              + branch
              + " does not match branches.match "
              + policy.match
              + " of shared environment "
              + from);
    }
    BranchIdentity identity = BranchIdentity.of(namespace, from, branch, policy);
    return new Resolution(
        new BranchContext(
            env, shared, policy, BranchNames.of(branch), identity, SharedReferences.target(shared)),
        null);
  }

  /** The shared environment {@code env} names, if it exists. */
  Optional<StagingEnvironment> sharedEnvironment(StagingEnvironment env) {
    return Optional.ofNullable(
        client
            .resources(StagingEnvironment.class)
            .inNamespace(env.getMetadata().getNamespace())
            .withName(env.getSpec().from)
            .get());
  }

  /**
   * The context a teardown needs: leniently, from a shared environment that may since have become
   * invalid in ways that do not matter for finding what was made (the names and servers must still
   * come out of its policy).
   */
  Optional<BranchContext> teardownContext(StagingEnvironment env) {
    Optional<StagingEnvironment> shared = sharedEnvironment(env);
    if (shared.isEmpty() || shared.get().isBranch() || shared.get().getSpec() == null) {
      return Optional.empty();
    }
    BranchPolicy policy = shared.get().getSpec().branches;
    if (policy == null || shared.get().getSpec().aws == null || env.getSpec().branch == null) {
      return Optional.empty();
    }
    try {
      String branch = env.getSpec().branch;
      return Optional.of(
          new BranchContext(
              env,
              shared.get(),
              policy,
              BranchNames.of(branch),
              BranchIdentity.of(
                  env.getMetadata().getNamespace(), env.getSpec().from, branch, policy),
              SharedReferences.target(shared.get())));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  Resolution sharedInvalid(String from, String why) {
    return new Resolution(
        null,
        EnvironmentOutcome.failed(
            "SharedEnvironmentInvalid",
            "shared environment " + from + " cannot take branches until it is fixed: " + why,
            settings.resync()));
  }

  /**
   * Invalid against the shared environment, which may change (a wider glob, a policy added), so
   * unlike an invalid spec of its own this is looked at again.
   */
  private Resolution problem(String message) {
    return new Resolution(
        null, new EnvironmentOutcome(Phase.Failed, "Invalid", message, settings.resync()));
  }
}
