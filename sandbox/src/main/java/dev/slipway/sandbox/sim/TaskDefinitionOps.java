package dev.slipway.sandbox.sim;

import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/** ECS task definition operations: register, describe, deregister, list. */
final class TaskDefinitionOps {
  private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private final RegionState rs;

  TaskDefinitionOps(RegionState rs) {
    this.rs = rs;
  }

  RegisterTaskDefinitionResponse register(RegisterTaskDefinitionRequest r, String principal) {
    validate(r);
    TaskDefinitionRegistry reg = rs.ecs.taskDefinitions;
    int revision = reg.nextRevision(r.family());
    TaskDefinition td =
        TaskDefinition.builder()
            .taskDefinitionArn(EcsArns.taskDefinition(rs.region, rs.account, r.family(), revision))
            .family(r.family())
            .revision(revision)
            .status("ACTIVE")
            .containerDefinitions(r.containerDefinitions())
            .networkMode(r.networkMode() == null ? "bridge" : r.networkModeAsString())
            .requiresCompatibilitiesWithStrings(r.requiresCompatibilitiesAsStrings())
            .compatibilities(compatibilities(r))
            .cpu(r.cpu())
            .memory(r.memory())
            .taskRoleArn(r.taskRoleArn())
            .executionRoleArn(r.executionRoleArn())
            .volumes(r.volumes())
            .runtimePlatform(r.runtimePlatform())
            .ephemeralStorage(r.ephemeralStorage())
            .placementConstraints(r.placementConstraints())
            .registeredAt(rs.now())
            .registeredBy(principal)
            .build();
    TaskDefinitionRegistry.Entry e = reg.add(td, r.tags());
    return RegisterTaskDefinitionResponse.builder().taskDefinition(td).tags(e.tags()).build();
  }

  DescribeTaskDefinitionResponse describe(DescribeTaskDefinitionRequest r) {
    TaskDefinitionRegistry.Entry e = rs.ecs.taskDefinitions.resolve(r.taskDefinition());
    if (e == null) throw EcsErrors.client("Unable to describe task definition.");
    var b = DescribeTaskDefinitionResponse.builder().taskDefinition(e.definition());
    if (r.include().contains(TaskDefinitionField.TAGS)) b.tags(e.tags());
    return b.build();
  }

  DeregisterTaskDefinitionResponse deregister(DeregisterTaskDefinitionRequest r) {
    String ref = r.taskDefinition();
    if (ref == null || !ref.contains(":")) {
      throw EcsErrors.invalidParameter("Invalid revision number. Number: " + ref);
    }
    TaskDefinitionRegistry.Entry e = rs.ecs.taskDefinitions.resolve(ref);
    if (e == null) throw EcsErrors.client("The specified task definition does not exist.");
    if (e.isActive()) rs.ecs.taskDefinitions.deregister(e, rs.now());
    return DeregisterTaskDefinitionResponse.builder().taskDefinition(e.definition()).build();
  }

  ListTaskDefinitionsResponse list(ListTaskDefinitionsRequest r) {
    String status = r.status() == null ? "ACTIVE" : r.statusAsString();
    boolean desc = r.sort() == SortOrder.DESC;
    List<String> arns = rs.ecs.taskDefinitions.list(r.familyPrefix(), status, desc);
    var page =
        Pagination.page(arns, r.nextToken(), r.maxResults(), 100, 100, EcsErrors::invalidParameter);
    return ListTaskDefinitionsResponse.builder()
        .taskDefinitionArns(page.items())
        .nextToken(page.nextToken())
        .build();
  }

  private static void validate(RegisterTaskDefinitionRequest r) {
    if (r.family() == null || !FAMILY.matcher(r.family()).matches()) {
      throw EcsErrors.client(
          "Family contains invalid characters or is longer than 255 characters.");
    }
    if (!r.hasContainerDefinitions() || r.containerDefinitions().isEmpty()) {
      throw EcsErrors.client("Container list cannot be empty.");
    }
    for (ContainerDefinition c : r.containerDefinitions()) {
      if (c.name() == null || c.name().isEmpty()) {
        throw EcsErrors.client("Container.name should not be null or empty.");
      }
      if (c.image() == null || c.image().isEmpty()) {
        throw EcsErrors.client("Container.image should not be null or empty.");
      }
    }
    if (r.requiresCompatibilitiesAsStrings().contains("FARGATE")) {
      if (!"awsvpc".equals(r.networkModeAsString())) {
        throw EcsErrors.client("Fargate only supports network mode 'awsvpc'.");
      }
      if (r.cpu() == null) {
        throw EcsErrors.client("Fargate requires that 'cpu' be defined at the task level.");
      }
      if (r.memory() == null) {
        throw EcsErrors.client("Fargate requires that 'memory' be defined at the task level.");
      }
    }
  }

  private static List<Compatibility> compatibilities(RegisterTaskDefinitionRequest r) {
    return "awsvpc".equals(r.networkModeAsString())
        ? List.of(Compatibility.EC2, Compatibility.FARGATE)
        : List.of(Compatibility.EC2);
  }
}
