package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.TaskDefinitionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;

/** Maps the manifest's task definition onto RegisterTaskDefinition, field by field. */
class TaskDefinitionRendererTest {
  private static final String DB_ARN =
      "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:web/db-AbCdEf";
  private static final String KEY_ARN =
      "arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/secret-key-base";

  private static TaskDefinitionSpec full() {
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    td.family = "web";
    td.cpu = "512";
    td.memory = "1 GB";
    td.executionRoleArn = "arn:aws:iam::123456789012:role/web-execution";
    td.taskRoleArn = "arn:aws:iam::123456789012:role/web-task";
    td.runtimePlatform = new TaskDefinitionSpec.RuntimePlatform();
    td.runtimePlatform.cpuArchitecture = "ARM64";
    td.runtimePlatform.operatingSystemFamily = "LINUX";

    ContainerSpec app = new ContainerSpec();
    app.name = "app";
    app.image = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:v1";
    app.cpu = 256;
    app.memory = 512;
    app.memoryReservation = 256;
    app.workingDirectory = "/srv";
    ContainerSpec.PortMapping http = new ContainerSpec.PortMapping();
    http.containerPort = 8080;
    ContainerSpec.PortMapping metrics = new ContainerSpec.PortMapping();
    metrics.containerPort = 9090;
    metrics.hostPort = 9090;
    metrics.protocol = "udp";
    metrics.name = "metrics";
    metrics.appProtocol = "http";
    app.portMappings = List.of(http, metrics);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ZONE", "a");
    env.put("APP_ENV", "production");
    env.put("MAX_THREADS", "5");
    app.environment = env;
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("SECRET_KEY_BASE", KEY_ARN);
    secrets.put("DATABASE_URL", DB_ARN);
    app.secrets = secrets;
    app.command = List.of("bin/server", "--port", "8080");
    app.entryPoint = List.of("/entry.sh");
    app.healthCheck = new ContainerSpec.HealthCheck();
    app.healthCheck.command = List.of("CMD-SHELL", "curl -fs localhost:8080/healthz");
    app.healthCheck.interval = 10;
    app.healthCheck.timeout = 5;
    app.healthCheck.retries = 3;
    app.healthCheck.startPeriod = 30;
    app.logConfiguration = new ContainerSpec.LogConfiguration();
    app.logConfiguration.logDriver = "awslogs";
    app.logConfiguration.options = Map.of("awslogs-group", "/ecs/web");
    ContainerSpec.ContainerDependency dep = new ContainerSpec.ContainerDependency();
    dep.containerName = "proxy";
    dep.condition = "HEALTHY";
    app.dependsOn = List.of(dep);

    ContainerSpec proxy = new ContainerSpec();
    proxy.name = "proxy";
    proxy.image = "envoyproxy/envoy:v1.30";
    proxy.essential = false;
    td.containers = new ArrayList<>(List.of(app, proxy));
    return td;
  }

  @Test
  void mapsTaskLevelFields() {
    RegisterTaskDefinitionRequest r = TaskDefinitionRenderer.render(full());

    assertThat(r.family()).isEqualTo("web");
    assertThat(r.cpu()).isEqualTo("512");
    assertThat(r.memory()).isEqualTo("1 GB");
    assertThat(r.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/web-execution");
    assertThat(r.taskRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/web-task");
    assertThat(r.networkMode()).isEqualTo(NetworkMode.AWSVPC);
    assertThat(r.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
    assertThat(r.runtimePlatform().cpuArchitectureAsString()).isEqualTo("ARM64");
    assertThat(r.runtimePlatform().operatingSystemFamilyAsString()).isEqualTo("LINUX");
    assertThat(r.containerDefinitions())
        .extracting(ContainerDefinition::name)
        .containsExactly("app", "proxy");
    assertThat(r.hasTags()).as("tags are added at registration, outside the content").isFalse();
  }

  @Test
  void networkModeDefaultsToAwsvpcWhenUnset() {
    TaskDefinitionSpec td = full();
    td.networkMode = null;
    assertThat(TaskDefinitionRenderer.render(td).networkModeAsString()).isEqualTo("awsvpc");
  }

  @Test
  void explicitNetworkModeAndCompatibilitiesArePassedThrough() {
    TaskDefinitionSpec td = full();
    td.networkMode = "bridge";
    td.requiresCompatibilities = List.of("EC2");
    RegisterTaskDefinitionRequest r = TaskDefinitionRenderer.render(td);
    assertThat(r.networkModeAsString()).isEqualTo("bridge");
    assertThat(r.requiresCompatibilitiesAsStrings()).containsExactly("EC2");
  }

  @Test
  void emptyOrMissingCompatibilitiesAreLeftUnset() {
    TaskDefinitionSpec td = full();
    td.requiresCompatibilities = List.of();
    assertThat(TaskDefinitionRenderer.render(td).hasRequiresCompatibilities()).isFalse();
    td.requiresCompatibilities = null;
    assertThat(TaskDefinitionRenderer.render(td).hasRequiresCompatibilities()).isFalse();
  }

  @Test
  void noRuntimePlatformWhenUnset() {
    TaskDefinitionSpec td = full();
    td.runtimePlatform = null;
    assertThat(TaskDefinitionRenderer.render(td).runtimePlatform()).isNull();
  }

  @Test
  void mapsContainerFields() {
    ContainerDefinition app = TaskDefinitionRenderer.render(full()).containerDefinitions().get(0);

    assertThat(app.image()).isEqualTo("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:v1");
    assertThat(app.cpu()).isEqualTo(256);
    assertThat(app.memory()).isEqualTo(512);
    assertThat(app.memoryReservation()).isEqualTo(256);
    assertThat(app.workingDirectory()).isEqualTo("/srv");
    assertThat(app.command()).containsExactly("bin/server", "--port", "8080");
    assertThat(app.entryPoint()).containsExactly("/entry.sh");
    assertThat(app.healthCheck().command())
        .containsExactly("CMD-SHELL", "curl -fs localhost:8080/healthz");
    assertThat(app.healthCheck().interval()).isEqualTo(10);
    assertThat(app.healthCheck().timeout()).isEqualTo(5);
    assertThat(app.healthCheck().retries()).isEqualTo(3);
    assertThat(app.healthCheck().startPeriod()).isEqualTo(30);
    assertThat(app.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
    assertThat(app.logConfiguration().options())
        .containsExactly(Map.entry("awslogs-group", "/ecs/web"));
    assertThat(app.dependsOn())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.containerName()).isEqualTo("proxy");
              assertThat(d.conditionAsString()).isEqualTo("HEALTHY");
            });
  }

  @Test
  void essentialDefaultsToTrueAndFalseIsKept() {
    List<ContainerDefinition> containers =
        TaskDefinitionRenderer.render(full()).containerDefinitions();
    assertThat(containers.get(0).essential()).isTrue();
    assertThat(containers.get(1).essential()).isFalse();
  }

  @Test
  void portsGetTcpByDefaultAndKeepEverythingElse() {
    List<PortMapping> ports =
        TaskDefinitionRenderer.render(full()).containerDefinitions().get(0).portMappings();

    assertThat(ports).hasSize(2);
    assertThat(ports.get(0).containerPort()).isEqualTo(8080);
    assertThat(ports.get(0).protocolAsString()).isEqualTo("tcp");
    assertThat(ports.get(0).hostPort()).isNull();
    assertThat(ports.get(1).containerPort()).isEqualTo(9090);
    assertThat(ports.get(1).hostPort()).isEqualTo(9090);
    assertThat(ports.get(1).protocolAsString()).isEqualTo("udp");
    assertThat(ports.get(1).name()).isEqualTo("metrics");
    assertThat(ports.get(1).appProtocolAsString()).isEqualTo("http");
  }

  @Test
  void environmentIsSortedByName() {
    ContainerDefinition app = TaskDefinitionRenderer.render(full()).containerDefinitions().get(0);
    assertThat(app.environment())
        .extracting(KeyValuePair::name, KeyValuePair::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("APP_ENV", "production"),
            org.assertj.core.groups.Tuple.tuple("MAX_THREADS", "5"),
            org.assertj.core.groups.Tuple.tuple("ZONE", "a"));
  }

  @Test
  void secretsAreSortedByNameAndCarryOnlyTheArn() {
    ContainerDefinition app = TaskDefinitionRenderer.render(full()).containerDefinitions().get(0);
    assertThat(app.secrets())
        .extracting(Secret::name, Secret::valueFrom)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DATABASE_URL", DB_ARN),
            org.assertj.core.groups.Tuple.tuple("SECRET_KEY_BASE", KEY_ARN));
    assertThat(app.environment())
        .as("secret names never leak into the plain environment")
        .extracting(KeyValuePair::name)
        .doesNotContain("DATABASE_URL", "SECRET_KEY_BASE");
  }

  @Test
  void optionalContainerFieldsStayUnsetWhenAbsent() {
    ContainerDefinition proxy = TaskDefinitionRenderer.render(full()).containerDefinitions().get(1);
    assertThat(proxy.hasPortMappings()).isFalse();
    assertThat(proxy.hasEnvironment()).isFalse();
    assertThat(proxy.hasSecrets()).isFalse();
    assertThat(proxy.hasCommand()).isFalse();
    assertThat(proxy.hasEntryPoint()).isFalse();
    assertThat(proxy.hasDependsOn()).isFalse();
    assertThat(proxy.healthCheck()).isNull();
    assertThat(proxy.logConfiguration()).isNull();
    assertThat(proxy.cpu()).isNull();
    assertThat(proxy.memory()).isNull();
  }
}
