package dev.slipway.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookAction;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentStopType;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * The ECS operations Slipway needs, each routed through {@link AwsCalls} (rate limits, retry,
 * breaker, metrics). Reconcilers see this narrow port, never the raw SDK client.
 */
public final class EcsPort {
  /** ECS accepts at most 10 services per DescribeServices call. */
  public static final int DESCRIBE_BATCH = 10;

  private final AwsClientFactory clients;
  private final AwsCalls calls;

  public EcsPort(AwsClientFactory clients, AwsCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /** A task definition revision with its tags. */
  public record Revision(TaskDefinition definition, List<Tag> tags) {}

  /** The service, including INACTIVE ones ECS still reports; empty when ECS says MISSING. */
  public Optional<Service> describeService(AwsTarget t, String cluster, String name) {
    return Optional.ofNullable(describeServices(t, cluster, List.of(name)).get(name));
  }

  /**
   * Described services by name, in batches of {@link #DESCRIBE_BATCH}; missing names are absent.
   */
  public Map<String, Service> describeServices(AwsTarget t, String cluster, List<String> names) {
    EcsClient ecs = clients.ecs(t);
    Map<String, Service> found = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i += DESCRIBE_BATCH) {
      List<String> batch = names.subList(i, Math.min(names.size(), i + DESCRIBE_BATCH));
      DescribeServicesResponse r =
          calls.call(
              t,
              "ecs",
              "DescribeServices",
              () ->
                  ecs.describeServices(
                      b -> b.cluster(cluster).services(batch).include(ServiceField.TAGS)));
      r.services().forEach(s -> found.put(s.serviceName(), s));
    }
    return found;
  }

  /**
   * A revision with its tags, by ARN, family:revision, or family alone (then ECS answers with the
   * latest ACTIVE revision); empty when there is none.
   */
  public Optional<Revision> describeTaskDefinition(AwsTarget t, String familyOrArn) {
    EcsClient ecs = clients.ecs(t);
    try {
      DescribeTaskDefinitionResponse r =
          calls.call(
              t,
              "ecs",
              "DescribeTaskDefinition",
              () ->
                  ecs.describeTaskDefinition(
                      b -> b.taskDefinition(familyOrArn).include(TaskDefinitionField.TAGS)));
      return Optional.of(new Revision(r.taskDefinition(), r.tags()));
    } catch (ClientException e) {
      // ECS answers ClientException "Unable to describe task definition" for unknown families.
      return Optional.empty();
    }
  }

  public Revision register(AwsTarget t, RegisterTaskDefinitionRequest request, List<Tag> tags) {
    EcsClient ecs = clients.ecs(t);
    RegisterTaskDefinitionRequest tagged = request.toBuilder().tags(tags).build();
    var r =
        calls.call(t, "ecs", "RegisterTaskDefinition", () -> ecs.registerTaskDefinition(tagged));
    return new Revision(r.taskDefinition(), r.tags());
  }

  public void deregister(AwsTarget t, String taskDefinitionArn) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t,
        "ecs",
        "DeregisterTaskDefinition",
        () ->
            ecs.deregisterTaskDefinition(
                DeregisterTaskDefinitionRequest.builder()
                    .taskDefinition(taskDefinitionArn)
                    .build()));
  }

  public Service create(AwsTarget t, CreateServiceRequest request) {
    EcsClient ecs = clients.ecs(t);
    return calls.call(t, "ecs", "CreateService", () -> ecs.createService(request)).service();
  }

  public Service update(AwsTarget t, UpdateServiceRequest request) {
    EcsClient ecs = clients.ecs(t);
    return calls.call(t, "ecs", "UpdateService", () -> ecs.updateService(request)).service();
  }

  public void delete(AwsTarget t, String cluster, String service) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t,
        "ecs",
        "DeleteService",
        () ->
            ecs.deleteService(
                DeleteServiceRequest.builder().cluster(cluster).service(service).build()));
  }

  /**
   * The service's deployments newest first (ECS lists those of the last 90 days), described:
   * status, lifecycle stage and hooks.
   */
  public List<ServiceDeployment> serviceDeployments(
      AwsTarget t, String cluster, String service, int newest) {
    EcsClient ecs = clients.ecs(t);
    List<String> arns =
        calls
            .call(
                t,
                "ecs",
                "ListServiceDeployments",
                () ->
                    ecs.listServiceDeployments(
                        b -> b.cluster(cluster).service(service).maxResults(newest)))
            .serviceDeployments()
            .stream()
            .map(ServiceDeploymentBrief::serviceDeploymentArn)
            .toList();
    if (arns.isEmpty()) return List.of();
    List<ServiceDeployment> described =
        new ArrayList<>(
            calls
                .call(
                    t,
                    "ecs",
                    "DescribeServiceDeployments",
                    () -> ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(arns)))
                .serviceDeployments());
    described.sort(
        Comparator.comparing(
                ServiceDeployment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed());
    return described;
  }

  /** One service deployment by ARN, if ECS still knows it. */
  public Optional<ServiceDeployment> serviceDeployment(AwsTarget t, String deploymentArn) {
    EcsClient ecs = clients.ecs(t);
    return calls
        .call(
            t,
            "ecs",
            "DescribeServiceDeployments",
            () -> ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(deploymentArn)))
        .serviceDeployments()
        .stream()
        .findFirst();
  }

  /** Answers a pause hook: CONTINUE promotes, ROLLBACK aborts. */
  public void continueDeployment(
      AwsTarget t, String deploymentArn, String hookId, DeploymentLifecycleHookAction action) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t,
        "ecs",
        "ContinueServiceDeployment",
        () ->
            ecs.continueServiceDeployment(
                b -> b.serviceDeploymentArn(deploymentArn).hookId(hookId).action(action)));
  }

  /** Stops a deployment in progress, rolling back to the revision before it. */
  public void rollBackDeployment(AwsTarget t, String deploymentArn) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t,
        "ecs",
        "StopServiceDeployment",
        () ->
            ecs.stopServiceDeployment(
                b ->
                    b.serviceDeploymentArn(deploymentArn)
                        .stopType(StopServiceDeploymentStopType.ROLLBACK)));
  }

  public void tag(AwsTarget t, String resourceArn, List<Tag> tags) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t, "ecs", "TagResource", () -> ecs.tagResource(b -> b.resourceArn(resourceArn).tags(tags)));
  }

  public RunTaskResponse runTask(AwsTarget t, RunTaskRequest request) {
    EcsClient ecs = clients.ecs(t);
    return calls.call(t, "ecs", "RunTask", () -> ecs.runTask(request));
  }

  public List<Task> describeTasks(AwsTarget t, String cluster, List<String> taskArns) {
    if (taskArns.isEmpty()) return List.of();
    EcsClient ecs = clients.ecs(t);
    return calls
        .call(
            t,
            "ecs",
            "DescribeTasks",
            () -> ecs.describeTasks(b -> b.cluster(cluster).tasks(taskArns)))
        .tasks();
  }

  /** The ARNs of a family's ACTIVE revisions (the exact family), across pages. */
  public List<String> activeRevisions(AwsTarget t, String family) {
    EcsClient ecs = clients.ecs(t);
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      ListTaskDefinitionsResponse r =
          calls.call(
              t,
              "ecs",
              "ListTaskDefinitions",
              () ->
                  ecs.listTaskDefinitions(
                      b ->
                          b.familyPrefix(family)
                              .status(TaskDefinitionStatus.ACTIVE)
                              .nextToken(page)));
      arns.addAll(r.taskDefinitionArns());
      token = r.nextToken();
    } while (token != null);
    return arns;
  }

  /** Task ARNs started with {@code startedBy}, running and stopped. */
  public List<String> listTasks(AwsTarget t, String cluster, String startedBy) {
    EcsClient ecs = clients.ecs(t);
    List<String> arns = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      arns.addAll(
          calls
              .call(
                  t,
                  "ecs",
                  "ListTasks",
                  () ->
                      ecs.listTasks(
                          b -> b.cluster(cluster).startedBy(startedBy).desiredStatus(status)))
              .taskArns());
    }
    return arns;
  }

  /**
   * Task ARNs of a task-definition family in a cluster, running and recently stopped, across pages:
   * how runs someone else started (EventBridge Scheduler) are found.
   */
  public List<String> familyTasks(AwsTarget t, String cluster, String family) {
    EcsClient ecs = clients.ecs(t);
    List<String> arns = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      String token = null;
      do {
        String page = token;
        var r =
            calls.call(
                t,
                "ecs",
                "ListTasks",
                () ->
                    ecs.listTasks(
                        b ->
                            b.cluster(cluster)
                                .family(family)
                                .desiredStatus(status)
                                .nextToken(page)));
        arns.addAll(r.taskArns());
        token = r.nextToken();
      } while (token != null);
    }
    return arns;
  }

  public void stopTask(AwsTarget t, String cluster, String taskArn, String reason) {
    EcsClient ecs = clients.ecs(t);
    calls.call(
        t,
        "ecs",
        "StopTask",
        () -> ecs.stopTask(b -> b.cluster(cluster).task(taskArn).reason(reason)));
  }
}
