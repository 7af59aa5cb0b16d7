package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.AwsSpec;
import dev.slipway.api.v1alpha1.BranchPolicy;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StagingEnvironmentSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import dev.slipway.release.SpecValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rendering a branch environment's child ServiceRelease from the shared template. */
class BranchReleaseRendererTest {
  static final BranchIdentity IDENTITY =
      new BranchIdentity(
          "qa/foo",
          "qa-foo-1a2b3c",
          "qa_qa_foo_1a2b3c",
          "qa_foo",
          new BranchIdentity.ServiceNames() {
            public String releaseName(String service) {
              return "stg-qa-foo-1a2b3c-" + service;
            }

            public String ecsServiceName(String service) {
              return "qa-foo-1a2b3c-" + service;
            }

            public String targetGroupName(String service) {
              return service + "-qa-foo-1a2b3c";
            }
          });

  static StagingEnvironmentSpec shared() {
    StagingEnvironmentSpec s = new StagingEnvironmentSpec();
    s.aws = new AwsSpec();
    s.aws.accountId = "123456789012";
    s.aws.region = "ap-northeast-1";
    s.cluster = "staging";
    StagingEnvironmentSpec.ServiceTemplate web = new StagingEnvironmentSpec.ServiceTemplate();
    web.name = "web";
    web.template = new StagingEnvironmentSpec.ReleaseTemplate();
    web.template.taskDefinition = new TaskDefinitionSpec();
    web.template.taskDefinition.family = "bookmark-staging";
    web.template.taskDefinition.cpu = "256";
    web.template.taskDefinition.memory = "512";
    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:main-9f8e7d";
    app.environment =
        new HashMap<>(
            Map.of("RAILS_ENV", "staging", "RAILS_MAX_THREADS", "10", "BRANCH", "spoofed"));
    ContainerSpec.PortMapping port = new ContainerSpec.PortMapping();
    port.containerPort = 8080;
    app.portMappings = new ArrayList<>(List.of(port));
    web.template.taskDefinition.containers = new ArrayList<>(List.of(app));
    web.template.service = new ServiceSpec();
    web.template.service.desiredCount = 4;
    web.template.service.autoscaling = new ServiceSpec.Autoscaling();
    web.template.service.autoscaling.minCapacity = 2;
    web.template.service.autoscaling.maxCapacity = 10;
    web.template.service.networkConfiguration = new ServiceSpec.NetworkConfiguration();
    web.template.service.networkConfiguration.subnets = List.of("subnet-0a1b2c3d");
    ServiceSpec.LoadBalancer stagingLb = new ServiceSpec.LoadBalancer();
    stagingLb.targetGroupArn =
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/staging/abc";
    stagingLb.containerName = "app";
    stagingLb.containerPort = 8080;
    web.template.service.loadBalancers = new ArrayList<>(List.of(stagingLb));
    web.route = new StagingEnvironmentSpec.RoutedPort();
    web.route.containerName = "app";
    web.route.containerPort = 8080;
    s.services = List.of(web);
    s.branches = new BranchPolicy();
    s.branches.match = "qa/*";
    s.branches.env = Map.of("RAILS_MAX_THREADS", "2");
    s.branches.database = new BranchPolicy.Database();
    s.branches.redis = new BranchPolicy.Redis();
    s.branches.redis.endpoint = "rediss://stg-redis.example:6379";
    s.branches.redis.database = 9;
    s.branches.migrate = new BranchPolicy.Migrate();
    s.branches.migrate.container = "app";
    s.branches.migrate.command = List.of("bin/rails", "db:prepare", "db:seed");
    return s;
  }

  static StagingEnvironmentSpec branch(String tag) {
    StagingEnvironmentSpec b = new StagingEnvironmentSpec();
    b.from = "bookmark-staging";
    b.branch = "qa/foo";
    b.imageTag = tag;
    return b;
  }

  static ServiceReleaseSpec render(
      StagingEnvironmentSpec shared, StagingEnvironmentSpec branch, String tg) {
    return BranchReleaseRenderer.render(
        shared, branch, "web", shared.services.get(0).template, IDENTITY, tg);
  }

  @Test
  void onlyTheFirstServiceMigratesAndTheOthersWaitForIt() {
    StagingEnvironmentSpec shared = shared();
    StagingEnvironmentSpec.ServiceTemplate worker =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .convertValue(shared.services.get(0), StagingEnvironmentSpec.ServiceTemplate.class);
    worker.name = "worker";
    worker.route = null;
    shared.services = List.of(shared.services.get(0), worker);

    ServiceReleaseSpec web = render(shared, branch("v1"), null);
    ServiceReleaseSpec other =
        BranchReleaseRenderer.render(
            shared, branch("v1"), "worker", worker.template, IDENTITY, null);

    assertThat(web.preDeploy).extracting(p -> p.name).containsExactly("migrate");
    assertThat(web.dependsOn).isEmpty();
    assertThat(other.preDeploy).as("one migration per environment").isEmpty();
    assertThat(other.dependsOn).extracting(d -> d.name).containsExactly("stg-qa-foo-1a2b3c-web");
    assertThat(SpecValidator.validate(other)).isEmpty();
  }

  @Test
  void childReleaseIsAValidServiceReleaseForTheBranch() {
    String tg =
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/qa-foo-1a2b3c-web/def";
    ServiceReleaseSpec spec = render(shared(), branch("qa-foo-3f2a9c1"), tg);
    assertThat(SpecValidator.validate(spec)).isEmpty();
    assertThat(spec.serviceName).isEqualTo("qa-foo-1a2b3c-web");
    assertThat(spec.taskDefinition.family).isEqualTo("qa-foo-1a2b3c-web");
    assertThat(spec.cluster).isEqualTo("staging");
    assertThat(spec.deletionPolicy).isEqualTo(ServiceReleaseSpec.DeletionPolicy.Delete);
    assertThat(spec.taskDefinition.containers.get(0).image)
        .isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:qa-foo-3f2a9c1");
    assertThat(spec.service.desiredCount).isEqualTo(1);
    assertThat(spec.service.autoscaling).isNull();
    assertThat(spec.service.loadBalancers)
        .singleElement()
        .satisfies(
            lb -> {
              assertThat(lb.targetGroupArn).isEqualTo(tg);
              assertThat(lb.containerPort).isEqualTo(8080);
            });
    assertThat(spec.preDeploy)
        .singleElement()
        .satisfies(
            (PreDeployTaskSpec p) -> {
              assertThat(p.command).containsExactly("bin/rails", "db:prepare", "db:seed");
              assertThat(p.container).isEqualTo("app");
            });
  }

  @Test
  void environmentLayersTemplateThenPolicyThenInjectedIdentity() {
    Map<String, String> env =
        render(shared(), branch("t1"), null).taskDefinition.containers.get(0).environment;
    assertThat(env)
        .containsEntry("RAILS_ENV", "staging")
        .containsEntry("RAILS_MAX_THREADS", "2")
        .containsEntry("BRANCH", "qa/foo")
        .containsEntry("DB_NAME", "qa_qa_foo_1a2b3c")
        .containsEntry("REDIS_URL", "rediss://stg-redis.example:6379/9")
        .containsEntry("REDIS_NAMESPACE", "qa_foo");
  }

  @Test
  void variableNamesAreConfigurable() {
    StagingEnvironmentSpec shared = shared();
    shared.branches.variables.database = "DATABASE_SCHEMA";
    shared.branches.variables.branch = "GIT_BRANCH";
    Map<String, String> env =
        render(shared, branch("t1"), null).taskDefinition.containers.get(0).environment;
    assertThat(env)
        .containsEntry("DATABASE_SCHEMA", "qa_qa_foo_1a2b3c")
        .containsEntry("GIT_BRANCH", "qa/foo")
        .doesNotContainKey("DB_NAME");
  }

  @Test
  void withoutATargetGroupTheServiceIsNotAttachedToTheSharedLoadBalancer() {
    assertThat(render(shared(), branch("t1"), null).service.loadBalancers).isNull();
  }

  @Test
  void theSharedTemplateIsNotModified() {
    StagingEnvironmentSpec shared = shared();
    render(shared, branch("t1"), null);
    ContainerSpec original = shared.services.get(0).template.taskDefinition.containers.get(0);
    assertThat(original.image).endsWith(":main-9f8e7d");
    assertThat(original.environment)
        .containsEntry("BRANCH", "spoofed")
        .doesNotContainKey("DB_NAME");
    assertThat(shared.services.get(0).template.service.desiredCount).isEqualTo(4);
  }

  @Test
  void perContainerImagesOverrideTheTag() {
    StagingEnvironmentSpec b = branch("t1");
    b.images = Map.of("app", "ghcr.io/acme/bookmark@sha256:abc");
    assertThat(render(shared(), b, null).taskDefinition.containers.get(0).image)
        .isEqualTo("ghcr.io/acme/bookmark@sha256:abc");
  }

  @ParameterizedTest
  @CsvSource({
    "repo/app:v1, repo/app",
    "repo/app, repo/app",
    "registry.local:5000/app:v1, registry.local:5000/app",
    "registry.local:5000/app, registry.local:5000/app",
    "ghcr.io/acme/app@sha256:0123, ghcr.io/acme/app",
    "ghcr.io/acme/app:v1@sha256:0123, ghcr.io/acme/app"
  })
  void repositoryDropsTagAndDigestButKeepsRegistryPort(String image, String repository) {
    assertThat(BranchReleaseRenderer.repository(image)).isEqualTo(repository);
  }
}
