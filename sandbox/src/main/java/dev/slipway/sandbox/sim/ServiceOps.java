package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceResponse;
import software.amazon.awssdk.services.ecs.model.DeleteServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeleteServiceResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesResponse;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;

/** ECS service operations: create, update, delete, describe, list. */
final class ServiceOps {
  private static final int MAX_DESCRIBE = 10;
  private final RegionState rs;
  private final ServiceValidation validate;
  private final NativeStrategyValidation validateStrategy;

  ServiceOps(RegionState rs) {
    this.rs = rs;
    this.validate = new ServiceValidation(rs);
    this.validateStrategy = new NativeStrategyValidation(rs);
  }

  CreateServiceResponse create(CreateServiceRequest r, String principal) {
    String cluster = existingCluster(r.cluster());
    if (r.serviceName() == null || !r.serviceName().matches("[A-Za-z0-9_-]{1,255}")) {
      throw EcsErrors.invalidParameter("Invalid service name.");
    }
    Map<String, ServiceModel> services = rs.ecs.servicesIn(cluster);
    ServiceModel existing = services.get(r.serviceName());
    if (existing != null && !existing.status.equals("INACTIVE")) {
      if (r.clientToken() != null && r.clientToken().equals(existing.clientToken)) {
        return CreateServiceResponse.builder().service(existing.toSdk(false)).build();
      }
      throw EcsErrors.invalidParameter("Creation of service was not idempotent.");
    }
    TaskDefinition td = validate.activeTaskDefinition(r.taskDefinition());
    validate.launch(r.launchTypeAsString(), r.capacityProviderStrategy(), td);
    validate.network(td, r.networkConfiguration());
    validate.loadBalancers(td, r.loadBalancers());
    if (r.desiredCount() != null && r.desiredCount() < 0) {
      throw EcsErrors.invalidParameter("desiredCount must be non-negative.");
    }
    ServiceModel s =
        new ServiceModel(
            r.serviceName(),
            EcsArns.service(rs.region, rs.account, cluster, r.serviceName()),
            EcsArns.cluster(rs.region, rs.account, cluster),
            cluster,
            rs.now(),
            principal,
            r.clientToken());
    s.desiredCount = r.desiredCount() == null ? 0 : r.desiredCount();
    s.taskDefinitionArn = td.taskDefinitionArn();
    s.capacityProviderStrategy = r.capacityProviderStrategy();
    s.launchType = s.capacityProviderStrategy.isEmpty() ? launchTypeOrDefault(r) : null;
    s.platformVersion = r.platformVersion() != null ? r.platformVersion() : fargateLatest(s);
    s.networkConfiguration = r.networkConfiguration();
    s.loadBalancers = r.loadBalancers();
    s.deploymentConfiguration =
        ServiceValidation.merge(ServiceValidation.defaults(), r.deploymentConfiguration());
    validateStrategy.check(s.deploymentConfiguration, r.loadBalancers());
    s.healthCheckGracePeriodSeconds = r.healthCheckGracePeriodSeconds();
    s.enableExecuteCommand = Boolean.TRUE.equals(r.enableExecuteCommand());
    s.enableEcsManagedTags = Boolean.TRUE.equals(r.enableECSManagedTags());
    s.propagateTags = r.propagateTags() == null ? "NONE" : r.propagateTagsAsString();
    s.tags.addAll(r.tags());
    services.put(s.name, s);
    startDeployment(s);
    return CreateServiceResponse.builder().service(s.toSdk(false)).build();
  }

  UpdateServiceResponse update(UpdateServiceRequest r) {
    ServiceModel s = activeService(r.cluster(), r.service());
    boolean redeploy = Boolean.TRUE.equals(r.forceNewDeployment());
    String tdArn = s.taskDefinitionArn;
    if (r.taskDefinition() != null) {
      tdArn = validate.activeTaskDefinition(r.taskDefinition()).taskDefinitionArn();
      redeploy |= !tdArn.equals(s.taskDefinitionArn);
    }
    TaskDefinition td = rs.ecs.taskDefinitions.byArn(tdArn).definition();
    var network =
        r.networkConfiguration() != null ? r.networkConfiguration() : s.networkConfiguration;
    redeploy |= !Objects.equals(network, s.networkConfiguration);
    var strategy =
        r.hasCapacityProviderStrategy() ? r.capacityProviderStrategy() : s.capacityProviderStrategy;
    redeploy |= !strategy.equals(s.capacityProviderStrategy);
    var lbs = r.hasLoadBalancers() ? r.loadBalancers() : s.loadBalancers;
    redeploy |= !lbs.equals(s.loadBalancers);
    validate.network(td, network);
    // Only a request that changes what the load balancers are checked against re-validates them:
    // scaling to 0 after the listener is gone (a teardown) must still work.
    if (r.hasLoadBalancers() || r.taskDefinition() != null) validate.loadBalancers(td, lbs);
    var config = ServiceValidation.merge(s.deploymentConfiguration, r.deploymentConfiguration());
    if (redeploy || r.deploymentConfiguration() != null) validateStrategy.check(config, lbs);
    if (r.desiredCount() != null && r.desiredCount() < 0) {
      throw EcsErrors.invalidParameter("desiredCount must be non-negative.");
    }
    // All checks passed: apply.
    s.deploymentConfiguration = config;
    if (r.healthCheckGracePeriodSeconds() != null) {
      s.healthCheckGracePeriodSeconds = r.healthCheckGracePeriodSeconds();
    }
    if (r.enableExecuteCommand() != null) s.enableExecuteCommand = r.enableExecuteCommand();
    if (r.desiredCount() != null) setDesired(s, r.desiredCount());
    if (redeploy) {
      s.taskDefinitionArn = tdArn;
      s.networkConfiguration = network;
      s.capacityProviderStrategy = strategy;
      if (!strategy.isEmpty()) s.launchType = null;
      s.loadBalancers = lbs;
      startDeployment(s);
    }
    return UpdateServiceResponse.builder().service(s.toSdk(false)).build();
  }

  DeleteServiceResponse delete(DeleteServiceRequest r) {
    ServiceModel s = activeService(r.cluster(), r.service());
    if (!Boolean.TRUE.equals(r.force()) && s.desiredCount > 0) {
      throw EcsErrors.invalidParameter("The service cannot be stopped while it is scaled above 0.");
    }
    setDesired(s, 0);
    s.status = "DRAINING";
    return DeleteServiceResponse.builder().service(s.toSdk(false)).build();
  }

  DescribeServicesResponse describe(DescribeServicesRequest r) {
    if (r.services().size() > MAX_DESCRIBE) {
      throw EcsErrors.invalidParameter("services can have at most 10 items.");
    }
    String cluster = existingCluster(r.cluster());
    boolean tags = r.include().contains(ServiceField.TAGS);
    List<Service> found = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (String ref : r.services()) {
      ServiceModel s = rs.ecs.servicesIn(cluster).get(EcsArns.name(ref));
      if (s != null) {
        found.add(s.toSdk(tags));
      } else {
        String arn = EcsArns.service(rs.region, rs.account, cluster, EcsArns.name(ref));
        failures.add(Failure.builder().arn(arn).reason("MISSING").build());
      }
    }
    return DescribeServicesResponse.builder().services(found).failures(failures).build();
  }

  ListServicesResponse list(ListServicesRequest r) {
    String cluster = existingCluster(r.cluster());
    List<String> arns =
        rs.ecs.servicesIn(cluster).values().stream()
            .filter(s -> !s.status.equals("INACTIVE"))
            .map(s -> s.arn)
            .toList();
    var page =
        Pagination.page(arns, r.nextToken(), r.maxResults(), 10, 100, EcsErrors::invalidParameter);
    return ListServicesResponse.builder()
        .serviceArns(page.items())
        .nextToken(page.nextToken())
        .build();
  }

  /** Changes desiredCount the way UpdateService (or the auto scaler) does: no new deployment. */
  void setDesired(ServiceModel s, int desired) {
    if (desired == s.desiredCount) return;
    s.desiredCount = desired;
    s.primary().desiredCount = desired;
    s.steady = false;
  }

  /**
   * Starts a deployment of the service's current settings and its service deployment. Blue/green,
   * canary and linear deployments start green in the target groups blue does not use and keep
   * blue's tasks; rolling ones replace the primary.
   */
  private void startDeployment(ServiceModel s) {
    Instant t = rs.now();
    ServiceRevisionModel blue = NativePlan.blue(s, s.activeServiceDeployment());
    List<LoadBalancer> lbs =
        NativeStrategyValidation.isNative(s.deploymentConfiguration)
            ? NativePlan.greenLoadBalancers(s.loadBalancers, blue)
            : s.loadBalancers;
    s.deployments.stream().filter(DeploymentModel::isPrimary).forEach(d -> d.status = "ACTIVE");
    DeploymentModel d =
        new DeploymentModel(rs.scheduler.deploymentId(), s.taskDefinitionArn, s, lbs, t);
    s.deployments.add(0, d);
    rs.scheduler.ledger.begin(s, d, blue, t);
    s.steady = false;
  }

  ServiceModel activeService(String clusterRef, String serviceRef) {
    String cluster = existingCluster(clusterRef);
    ServiceModel s = rs.ecs.servicesIn(cluster).get(EcsArns.name(serviceRef));
    if (s == null) throw EcsErrors.serviceNotFound();
    if (!s.status.equals("ACTIVE")) throw EcsErrors.serviceNotActive();
    return s;
  }

  String existingCluster(String ref) {
    String name = EcsArns.clusterName(ref);
    if (rs.ecs.cluster(name) == null) throw EcsErrors.clusterNotFound();
    return name;
  }

  private static String launchTypeOrDefault(CreateServiceRequest r) {
    return r.launchType() == null ? "EC2" : r.launchTypeAsString();
  }

  private static String fargateLatest(ServiceModel s) {
    return "FARGATE".equals(s.launchType) ? "LATEST" : null;
  }
}
