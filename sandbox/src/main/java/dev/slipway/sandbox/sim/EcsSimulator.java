package dev.slipway.sandbox.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ContinueServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.ContinueServiceDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterResponse;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListClustersRequest;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskResponse;
import software.amazon.awssdk.services.ecs.model.TagResourceRequest;
import software.amazon.awssdk.services.ecs.model.TagResourceResponse;
import software.amazon.awssdk.services.ecs.model.UntagResourceRequest;
import software.amazon.awssdk.services.ecs.model.UntagResourceResponse;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** The simulated ECS API for one caller account and region, as an {@link EcsClient}. */
public final class EcsSimulator implements EcsClient {
  private final CallGate gate;
  private final RegionState rs;
  private final String principal;
  private final TaskDefinitionOps taskDefinitions;
  private final ServiceOps services;
  private final TaskOps tasks;
  private final EcsTagOps tags;
  private final ServiceDeploymentOps serviceDeployments;

  EcsSimulator(CallGate gate, RegionState rs, String principal) {
    this.gate = gate;
    this.rs = rs;
    this.principal = principal;
    this.taskDefinitions = new TaskDefinitionOps(rs);
    this.services = new ServiceOps(rs);
    this.tasks = new TaskOps(rs, services);
    this.tags = new EcsTagOps(rs);
    this.serviceDeployments = new ServiceDeploymentOps(rs, services);
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.ECS, operation, body);
  }

  @Override
  public CreateClusterResponse createCluster(CreateClusterRequest r) {
    return call(
        "CreateCluster",
        () ->
            CreateClusterResponse.builder()
                .cluster(toSdk(createCluster(rs, r.clusterName(), r.tags())))
                .build());
  }

  /** Creates the cluster if it does not exist yet (CreateCluster is idempotent in ECS). */
  static EcsState.ClusterModel createCluster(
      RegionState rs, String name, List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
    String n = name == null ? "default" : name;
    return rs.ecs.clusters.computeIfAbsent(
        n,
        k ->
            new EcsState.ClusterModel(
                k, EcsArns.cluster(rs.region, rs.account, k), rs.now(), new ArrayList<>(tags)));
  }

  @Override
  public DescribeClustersResponse describeClusters(DescribeClustersRequest r) {
    return call(
        "DescribeClusters",
        () -> {
          List<String> refs = r.clusters().isEmpty() ? List.of("default") : r.clusters();
          List<Cluster> found = new ArrayList<>();
          List<Failure> failures = new ArrayList<>();
          for (String ref : refs) {
            EcsState.ClusterModel c = rs.ecs.cluster(EcsArns.name(ref));
            if (c != null) found.add(toSdk(c));
            else
              failures.add(
                  Failure.builder()
                      .arn(EcsArns.cluster(rs.region, rs.account, EcsArns.name(ref)))
                      .reason("MISSING")
                      .build());
          }
          return DescribeClustersResponse.builder().clusters(found).failures(failures).build();
        });
  }

  @Override
  public ListClustersResponse listClusters(ListClustersRequest r) {
    return call(
        "ListClusters",
        () -> {
          List<String> arns =
              rs.ecs.clusters.values().stream().map(EcsState.ClusterModel::arn).toList();
          var page =
              Pagination.page(
                  arns, r.nextToken(), r.maxResults(), 100, 100, EcsErrors::invalidParameter);
          return ListClustersResponse.builder()
              .clusterArns(page.items())
              .nextToken(page.nextToken())
              .build();
        });
  }

  private Cluster toSdk(EcsState.ClusterModel c) {
    var live =
        rs.ecs.servicesIn(c.name()).values().stream()
            .filter(s -> s.status.equals("ACTIVE"))
            .count();
    var inCluster =
        rs.ecs.tasks.values().stream().filter(t -> t.clusterArn.equals(c.arn()) && !t.isStopped());
    var counts = inCluster.toList();
    return Cluster.builder()
        .clusterName(c.name())
        .clusterArn(c.arn())
        .status("ACTIVE")
        .activeServicesCount((int) live)
        .runningTasksCount((int) counts.stream().filter(TaskModel::isRunning).count())
        .pendingTasksCount((int) counts.stream().filter(TaskModel::isPending).count())
        .tags(c.tags())
        .build();
  }

  @Override
  public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest r) {
    return call("RegisterTaskDefinition", () -> taskDefinitions.register(r, principal));
  }

  @Override
  public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest r) {
    return call("DescribeTaskDefinition", () -> taskDefinitions.describe(r));
  }

  @Override
  public DeregisterTaskDefinitionResponse deregisterTaskDefinition(
      DeregisterTaskDefinitionRequest r) {
    return call("DeregisterTaskDefinition", () -> taskDefinitions.deregister(r));
  }

  @Override
  public ListTaskDefinitionsResponse listTaskDefinitions(ListTaskDefinitionsRequest r) {
    return call("ListTaskDefinitions", () -> taskDefinitions.list(r));
  }

  @Override
  public CreateServiceResponse createService(CreateServiceRequest r) {
    return call("CreateService", () -> services.create(r, principal));
  }

  @Override
  public UpdateServiceResponse updateService(UpdateServiceRequest r) {
    return call("UpdateService", () -> services.update(r));
  }

  @Override
  public DeleteServiceResponse deleteService(DeleteServiceRequest r) {
    return call("DeleteService", () -> services.delete(r));
  }

  @Override
  public DescribeServicesResponse describeServices(DescribeServicesRequest r) {
    return call("DescribeServices", () -> services.describe(r));
  }

  @Override
  public ListServicesResponse listServices(ListServicesRequest r) {
    return call("ListServices", () -> services.list(r));
  }

  @Override
  public ListServiceDeploymentsResponse listServiceDeployments(ListServiceDeploymentsRequest r) {
    return call("ListServiceDeployments", () -> serviceDeployments.list(r));
  }

  @Override
  public DescribeServiceDeploymentsResponse describeServiceDeployments(
      DescribeServiceDeploymentsRequest r) {
    return call("DescribeServiceDeployments", () -> serviceDeployments.describe(r));
  }

  @Override
  public DescribeServiceRevisionsResponse describeServiceRevisions(
      DescribeServiceRevisionsRequest r) {
    return call("DescribeServiceRevisions", () -> serviceDeployments.describeRevisions(r));
  }

  @Override
  public StopServiceDeploymentResponse stopServiceDeployment(StopServiceDeploymentRequest r) {
    return call("StopServiceDeployment", () -> serviceDeployments.stop(r));
  }

  @Override
  public ContinueServiceDeploymentResponse continueServiceDeployment(
      ContinueServiceDeploymentRequest r) {
    return call("ContinueServiceDeployment", () -> serviceDeployments.continueDeployment(r));
  }

  @Override
  public RunTaskResponse runTask(RunTaskRequest r) {
    return call("RunTask", () -> tasks.run(r));
  }

  @Override
  public DescribeTasksResponse describeTasks(DescribeTasksRequest r) {
    return call("DescribeTasks", () -> tasks.describe(r));
  }

  @Override
  public ListTasksResponse listTasks(ListTasksRequest r) {
    return call("ListTasks", () -> tasks.list(r));
  }

  @Override
  public StopTaskResponse stopTask(StopTaskRequest r) {
    return call("StopTask", () -> tasks.stop(r));
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest r) {
    return call(
        "TagResource",
        () -> {
          tags.tag(r.resourceArn(), r.tags());
          return TagResourceResponse.builder().build();
        });
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest r) {
    return call(
        "UntagResource",
        () -> {
          tags.untag(r.resourceArn(), r.tagKeys());
          return UntagResourceResponse.builder().build();
        });
  }

  @Override
  public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest r) {
    return call(
        "ListTagsForResource",
        () ->
            ListTagsForResourceResponse.builder()
                .tags(List.copyOf(tags.tagsOf(r.resourceArn())))
                .build());
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Nothing to release: the simulator owns the state, clients are views on it.
  }
}
