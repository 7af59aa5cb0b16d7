package dev.slipway.environment;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec.ServiceTemplate;
import dev.slipway.datastore.MySqlSchemaManager;
import dev.slipway.datastore.PostgresSchemaManager;
import dev.slipway.environment.schedule.Schedules;
import dev.slipway.release.ImageReference;
import dev.slipway.release.SchemaBounds;
import dev.slipway.release.SpecValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a StagingEnvironment before anything touches AWS or a database. Mirrors the CRD's CEL
 * shape rules (for API servers that do not enforce them) and validates each service template as the
 * ServiceRelease it will become.
 */
public final class EnvironmentValidator {
  private EnvironmentValidator() {}

  /** Every problem, each as "field: what is wrong"; empty when valid. */
  public static List<String> validate(StagingEnvironmentSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec: required");
      return problems;
    }
    if (spec.from != null) {
      checkBranch(spec, problems);
    } else {
      checkShared(spec, problems);
    }
    problems.addAll(Schedules.parse(spec.schedule, "schedule").problems());
    // The CRD schema's own bounds (lengths, patterns, ranges), read from the same annotations.
    SchemaBounds.addUnexplained(problems, SchemaBounds.check(spec));
    return problems;
  }

  private static void checkBranch(StagingEnvironmentSpec spec, List<String> problems) {
    require(
        problems,
        spec.branch != null && !spec.branch.isBlank(),
        "branch: required for a branch environment");
    require(
        problems,
        spec.imageTag != null || (spec.images != null && !spec.images.isEmpty()),
        "imageTag or images: required for a branch environment");
    require(
        problems,
        spec.aws == null
            && spec.cluster == null
            && spec.services == null
            && spec.branches == null
            && spec.refresh == null,
        "aws, cluster, services, branches and refresh come from the shared environment "
            + spec.from
            + "; do not set them");
    require(
        problems,
        spec.imageTag == null || spec.imageTag.matches("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"),
        "imageTag: letters, digits, '_', '.' and '-' only, at most 128");
    if (spec.images != null) {
      spec.images.forEach(
          (container, image) ->
              ImageReference.problem(image)
                  .ifPresent(p -> problems.add("images[" + container + "]: " + p)));
    }
  }

  private static void checkShared(StagingEnvironmentSpec spec, List<String> problems) {
    require(
        problems,
        spec.branch == null && spec.imageTag == null && spec.images == null,
        "branch, imageTag and images belong to branch environments (set from)");
    require(problems, spec.aws != null, "aws: required (region and accountId)");
    require(
        problems,
        spec.cluster != null && spec.cluster.matches("^[A-Za-z0-9_-]{1,255}$"),
        "cluster: required");
    if (spec.services == null || spec.services.isEmpty()) {
      problems.add("services: at least one service is required");
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.services.size(); i++) {
      checkService(spec, spec.services.get(i), "services[" + i + "]", names, problems);
    }
    if (spec.branches != null) checkPolicy(spec, spec.branches, problems);
    if (spec.refresh != null) RefreshValidator.check(spec, problems);
  }

  private static void checkService(
      StagingEnvironmentSpec spec,
      ServiceTemplate t,
      String at,
      Set<String> names,
      List<String> problems) {
    require(
        problems,
        t.name != null && t.name.matches("^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$"),
        at + ".name: lower-case letters, digits and '-', at most 30");
    require(
        problems, t.name == null || names.add(t.name), at + ".name: duplicate service " + t.name);
    require(
        problems,
        (t.template == null) != (t.releaseRef == null),
        at + ": set exactly one of template and releaseRef");
    if (t.template == null || spec.aws == null) return;
    for (String p : SpecValidator.validate(asRelease(spec.aws, spec.cluster, t)))
      problems.add(at + ".template." + p);
    if (t.route != null) {
      boolean declared =
          t.template.taskDefinition != null
              && t.template.taskDefinition.containers != null
              && t.template.taskDefinition.containers.stream()
                  .anyMatch(
                      c ->
                          t.route.containerName.equals(c.name)
                              && c.portMappings != null
                              && c.portMappings.stream()
                                  .anyMatch(p -> t.route.containerPort.equals(p.containerPort)));
      require(
          problems,
          declared,
          at
              + ".route: container "
              + t.route.containerName
              + " with port "
              + t.route.containerPort
              + " is not declared in the template");
    }
  }

  /** The template as the ServiceRelease spec it becomes, for the release engine's own checks. */
  private static ServiceReleaseSpec asRelease(AwsSpec aws, String cluster, ServiceTemplate t) {
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = aws;
    spec.cluster = cluster;
    spec.taskDefinition = t.template.taskDefinition;
    if (t.template.service != null) spec.service = t.template.service;
    if (t.template.strategy != null) spec.strategy = t.template.strategy;
    if (t.template.preDeploy != null) spec.preDeploy = t.template.preDeploy;
    return spec;
  }

  private static void checkPolicy(
      StagingEnvironmentSpec spec, BranchPolicy p, List<String> problems) {
    require(problems, p.match != null && !p.match.isBlank(), "branches.match: required, e.g. qa/*");
    require(
        problems,
        p.ttl == null || p.ttl.matches("^([0-9]+h)?([0-9]+m)?$") && !p.ttl.isEmpty(),
        "branches.ttl: a duration like 168h or 90m");
    if (p.routing != null) {
      boolean port = p.routing.mode == BranchPolicy.Routing.Mode.Port;
      require(problems, p.routing.mode != null, "branches.routing.mode: Port or HostHeader");
      require(
          problems,
          !port || (p.routing.loadBalancerArn != null && p.routing.portRange != null),
          "branches.routing: Port mode needs loadBalancerArn and portRange");
      require(
          problems,
          port
              || p.routing.mode == null
              || (p.routing.listenerArn != null && p.routing.hostPattern != null),
          "branches.routing: HostHeader mode needs listenerArn and hostPattern");
      require(
          problems,
          p.routing.portRange == null || p.routing.portRange.from <= p.routing.portRange.to,
          "branches.routing.portRange: from must not exceed to");
      require(
          problems,
          spec.services.stream().anyMatch(s -> s.route != null),
          "branches.routing: no service has a route (services[].route) to send traffic to");
    }
    if (p.database != null) {
      require(problems, p.database.engine != null, "branches.database.engine: mysql or postgresql");
      require(
          problems,
          p.database.adminSecretRef != null && p.database.adminSecretRef.name != null,
          "branches.database.adminSecretRef.name: required");
      if (p.database.engine != null) {
        boolean postgres = p.database.engine == BranchPolicy.Database.Engine.postgresql;
        BranchNames.sqlPatternProblem(
                p.database.schemaName == null ? "qa_{branch}" : p.database.schemaName,
                postgres
                    ? PostgresSchemaManager.MAX_NAME_LENGTH
                    : MySqlSchemaManager.MAX_NAME_LENGTH,
                postgres ? "PostgreSQL schema" : "MySQL database")
            .ifPresent(problem -> problems.add("branches.database.schemaName: " + problem));
      }
    }
    if (p.redis != null) {
      require(
          problems,
          p.redis.namespace == null || p.redis.namespace.contains("{branch}"),
          "branches.redis.namespace: must contain {branch}, or teardown would delete other branches' keys");
    }
    if (p.migrate != null) {
      ServiceTemplate first = spec.services.get(0);
      require(
          problems,
          first.template == null
              || (first.template.taskDefinition != null
                  && first.template.taskDefinition.containers != null
                  && first.template.taskDefinition.containers.stream()
                      .anyMatch(c -> p.migrate.container.equals(c.name))),
          "branches.migrate.container: "
              + p.migrate.container
              + " is not a container of the first service, "
              + first.name
              + ", which runs the migration");
    }
  }

  private static void require(List<String> problems, boolean ok, String problem) {
    if (!ok) problems.add(problem);
  }
}
