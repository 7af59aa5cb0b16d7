package dev.slipway.release;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.PreflightCheckSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds ServiceRelease objects for tests; {@code SandboxReleases} runs them in the sandbox. */
public final class Releases {
  public static final String ACCOUNT = "123456789012";
  public static final String REGION = "ap-northeast-1";

  private Releases() {}

  public static ServiceRelease web(String name, String image) {
    ServiceRelease sr = new ServiceRelease();
    sr.getMetadata().setName(name);
    sr.getMetadata().setNamespace("default");
    ServiceReleaseSpec spec = new ServiceReleaseSpec();
    spec.aws = new AwsSpec();
    spec.aws.accountId = ACCOUNT;
    spec.aws.region = REGION;
    spec.cluster = "core";
    spec.taskDefinition = new TaskDefinitionSpec();
    spec.taskDefinition.family = name;
    spec.taskDefinition.cpu = "256";
    spec.taskDefinition.memory = "512";
    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = image;
    ContainerSpec.PortMapping port = new ContainerSpec.PortMapping();
    port.containerPort = 8080;
    app.portMappings = new ArrayList<>(List.of(port));
    app.environment = Map.of("RAILS_ENV", "production", "LOG_LEVEL", "info");
    spec.taskDefinition.containers = new ArrayList<>(List.of(app));
    spec.service = new ServiceSpec();
    spec.service.desiredCount = 2;
    spec.service.networkConfiguration = new ServiceSpec.NetworkConfiguration();
    spec.service.networkConfiguration.subnets = List.of("subnet-0a1b2c3d");
    sr.setSpec(spec);
    return sr;
  }

  /** A preflight check that HeadObjects {@code s3://bucket/key} (templates allowed). */
  public static PreflightCheckSpec s3Check(String name, String bucket, String key) {
    PreflightCheckSpec c = new PreflightCheckSpec();
    c.name = name;
    c.s3ObjectExists = new PreflightCheckSpec.S3ObjectExists();
    c.s3ObjectExists.bucket = bucket;
    c.s3ObjectExists.key = key;
    return c;
  }

  /** A preflight check that GETs {@code url} (a template). */
  public static PreflightCheckSpec httpCheck(String name, String url) {
    PreflightCheckSpec c = new PreflightCheckSpec();
    c.name = name;
    c.httpGet = new PreflightCheckSpec.HttpGet();
    c.httpGet.url = url;
    return c;
  }

  /** A preflight check of the ECR images of one container, or of all when null. */
  public static PreflightCheckSpec ecrCheck(String name, String container) {
    PreflightCheckSpec c = new PreflightCheckSpec();
    c.name = name;
    c.ecrImageExists = new PreflightCheckSpec.EcrImageExists();
    c.ecrImageExists.container = container;
    return c;
  }

  public static ServiceRelease withPreflight(ServiceRelease sr, PreflightCheckSpec... checks) {
    sr.getSpec().preflight = new ArrayList<>(List.of(checks));
    return sr;
  }

  public static ServiceRelease withMigration(ServiceRelease sr, String... command) {
    PreDeployTaskSpec migrate = new PreDeployTaskSpec();
    migrate.name = "migrate";
    migrate.container = "app";
    migrate.command = List.of(command);
    sr.getSpec().preDeploy = new ArrayList<>(List.of(migrate));
    return sr;
  }
}
