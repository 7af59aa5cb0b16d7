package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.NotificationSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.PreflightCheckSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java mirror of the CRD's schema and CEL rules: one specific problem per invalid spec. */
class SpecValidatorTest {
  private static final String TG =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/6d0ecf831eec9f09";
  private static final Path EXAMPLES = Path.of("../examples");

  private static ServiceReleaseSpec valid() {
    ServiceReleaseSpec spec =
        Releases.withMigration(Releases.web("web", "registry/web:v1"), "bin/rails", "db:migrate")
            .getSpec();
    ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
    lb.targetGroupArn = TG;
    lb.containerName = "app";
    lb.containerPort = 8080;
    spec.service.loadBalancers = new ArrayList<>(List.of(lb));
    return spec;
  }

  private static ContainerSpec container(String name) {
    ContainerSpec c = new ContainerSpec();
    c.name = name;
    // Any name, even an invalid one, still gets a valid image: each case tests one problem.
    c.image =
        "registry/" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "") + ":v1";
    return c;
  }

  private static PreDeployTaskSpec task(String name, String container) {
    PreDeployTaskSpec t = new PreDeployTaskSpec();
    t.name = name;
    t.container = container;
    t.command = List.of("run");
    return t;
  }

  private static NotificationSpec slack(String name) {
    NotificationSpec n = new NotificationSpec();
    n.name = name;
    n.slack = new NotificationSpec.Slack();
    n.slack.webhookSecretRef = new NotificationSpec.SecretKeyRef();
    n.slack.webhookSecretRef.name = "slack-webhook";
    n.slack.webhookSecretRef.key = "url";
    return n;
  }

  private static NotificationSpec.Mackerel mackerel() {
    NotificationSpec.Mackerel m = new NotificationSpec.Mackerel();
    m.service = "bookmark";
    m.apiKeySecretRef = new NotificationSpec.SecretKeyRef();
    m.apiKeySecretRef.name = "mackerel";
    m.apiKeySecretRef.key = "apiKey";
    return m;
  }

  private static ServiceReleaseSpec notifying(ServiceReleaseSpec s, NotificationSpec... n) {
    s.notifications = new ArrayList<>(List.of(n));
    return s;
  }

  private static ContainerSpec app(ServiceReleaseSpec s) {
    return s.taskDefinition.containers.get(0);
  }

  private static StrategySpec.Traffic traffic() {
    StrategySpec.Traffic t = new StrategySpec.Traffic();
    t.listenerArn =
        "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/prod/0123/4567";
    t.roleArn = "arn:aws:iam::123456789012:role/ecs-infrastructure";
    return t;
  }

  private static Arguments invalid(
      String what, UnaryOperator<ServiceReleaseSpec> change, String problem) {
    return arguments(what, change, problem);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        invalid("null spec", s -> null, "spec: required"),
        invalid(
            "missing aws",
            s -> {
              s.aws = null;
              return s;
            },
            "aws: required (region and accountId)"),
        invalid(
            "accountId with 11 digits",
            s -> {
              s.aws.accountId = "12345678901";
              return s;
            },
            "aws.accountId: must be a 12-digit AWS account id"),
        invalid(
            "accountId with letters",
            s -> {
              s.aws.accountId = "12345678901a";
              return s;
            },
            "aws.accountId: must be a 12-digit AWS account id"),
        invalid(
            "accountId missing",
            s -> {
              s.aws.accountId = null;
              return s;
            },
            "aws.accountId: must be a 12-digit AWS account id"),
        invalid(
            "region not a Region name",
            s -> {
              s.aws.region = "tokyo";
              return s;
            },
            "aws.region: must be a Region name like ap-northeast-1"),
        invalid(
            "region missing",
            s -> {
              s.aws.region = null;
              return s;
            },
            "aws.region: must be a Region name like ap-northeast-1"),
        invalid(
            "roleArn not a role ARN",
            s -> {
              s.aws.roleArn = "slipway";
              return s;
            },
            "aws.roleArn: must be an IAM role ARN"),
        invalid(
            "roleArn in another account",
            s -> {
              s.aws.roleArn = "arn:aws:iam::210987654321:role/slipway";
              return s;
            },
            "aws.roleArn: role is in account 210987654321 but aws.accountId is 123456789012"),
        invalid(
            "cluster name with a space",
            s -> {
              s.cluster = "core cluster";
              return s;
            },
            "cluster: required, letters, digits, '-' and '_' only"),
        invalid(
            "cluster missing",
            s -> {
              s.cluster = null;
              return s;
            },
            "cluster: required, letters, digits, '-' and '_' only"),
        invalid(
            "serviceName with a dot",
            s -> {
              s.serviceName = "web.v2";
              return s;
            },
            "serviceName: letters, digits, '-' and '_' only"),
        invalid(
            "taskDefinition missing",
            s -> {
              s.taskDefinition = null;
              return s;
            },
            "taskDefinition: required"),
        invalid(
            "bad family",
            s -> {
              s.taskDefinition.family = "web/v2";
              return s;
            },
            "taskDefinition.family: required, letters, digits, '-' and '_' only"),
        invalid(
            "no containers",
            s -> {
              s.taskDefinition.containers = new ArrayList<>();
              s.preDeploy = new ArrayList<>();
              s.service.loadBalancers = null;
              return s;
            },
            "taskDefinition.containers: at least one container is required"),
        invalid(
            "11 containers",
            s -> {
              for (int i = 1; i <= 10; i++) s.taskDefinition.containers.add(container("side" + i));
              return s;
            },
            "taskDefinition.containers: at most 10 containers"),
        invalid(
            "duplicate container names",
            s -> {
              s.taskDefinition.containers.add(container("app"));
              return s;
            },
            "taskDefinition.containers[1].name: duplicate container name app"),
        invalid(
            "bad container name",
            s -> {
              ContainerSpec c = container("side car");
              s.taskDefinition.containers.add(c);
              return s;
            },
            "taskDefinition.containers[1].name: required, letters, digits, '-' and '_' only"),
        invalid(
            "no essential container",
            s -> {
              app(s).essential = false;
              ContainerSpec side = container("side");
              side.essential = false;
              s.taskDefinition.containers.add(side);
              return s;
            },
            "taskDefinition.containers: at least one container must be essential"),
        invalid(
            "blank image",
            s -> {
              app(s).image = "  ";
              return s;
            },
            "taskDefinition.containers[0].image: required"),
        invalid(
            "missing image",
            s -> {
              app(s).image = null;
              return s;
            },
            "taskDefinition.containers[0].image: required"),
        invalid(
            "secret value that is not an ARN",
            s -> {
              app(s).secrets = Map.of("DATABASE_URL", "postgres://user:pw@db/app");
              return s;
            },
            "taskDefinition.containers[0].secrets.DATABASE_URL: must match "
                + ContainerSpec.SECRET_ARN_PATTERN),
        invalid(
            "secret ARN of another service",
            s -> {
              app(s).secrets = Map.of("KEY", "arn:aws:s3:::bucket/key");
              return s;
            },
            "taskDefinition.containers[0].secrets.KEY: must match "
                + ContainerSpec.SECRET_ARN_PATTERN),
        invalid(
            "negative desiredCount",
            s -> {
              s.service.desiredCount = -1;
              return s;
            },
            "service.desiredCount: must not be negative"),
        invalid(
            "launchType and capacityProviderStrategy",
            s -> {
              s.service.launchType = "FARGATE";
              ServiceSpec.CapacityProviderItem i = new ServiceSpec.CapacityProviderItem();
              i.capacityProvider = "FARGATE_SPOT";
              s.service.capacityProviderStrategy = List.of(i);
              return s;
            },
            "service: set either launchType or capacityProviderStrategy, not both"),
        invalid(
            "autoscaling min > max",
            s -> {
              s.service.autoscaling = new ServiceSpec.Autoscaling();
              s.service.autoscaling.minCapacity = 5;
              s.service.autoscaling.maxCapacity = 4;
              return s;
            },
            "service.autoscaling.minCapacity must not exceed maxCapacity"),
        invalid(
            "autoscaling without maxCapacity",
            s -> {
              s.service.autoscaling = new ServiceSpec.Autoscaling();
              s.service.autoscaling.minCapacity = 1;
              return s;
            },
            "service.autoscaling: minCapacity and maxCapacity are required"),
        invalid(
            "load balancer container not declared",
            s -> {
              s.service.loadBalancers.get(0).containerName = "proxy";
              return s;
            },
            "service.loadBalancers[0]: container proxy with containerPort 8080 is not declared in"
                + " taskDefinition.containers[].portMappings"),
        invalid(
            "load balancer port not declared",
            s -> {
              s.service.loadBalancers.get(0).containerPort = 9090;
              return s;
            },
            "service.loadBalancers[0]: container app with containerPort 9090 is not declared in"
                + " taskDefinition.containers[].portMappings"),
        invalid(
            "load balancer container without ports",
            s -> {
              app(s).portMappings = null;
              return s;
            },
            "service.loadBalancers[0]: container app with containerPort 8080 is not declared in"
                + " taskDefinition.containers[].portMappings"),
        invalid(
            "bad target group ARN",
            s -> {
              s.service.loadBalancers.get(0).targetGroupArn =
                  "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/x/1";
              return s;
            },
            "service.loadBalancers[0].targetGroupArn: must be a target group ARN"),
        invalid(
            "strategy Canary",
            s -> {
              s.strategy.type = StrategySpec.Type.Canary;
              s.strategy.traffic = traffic();
              return s;
            },
            "strategy.canary.percent: required for type Canary"),
        invalid(
            "strategy Linear without its step",
            s -> {
              s.strategy.type = StrategySpec.Type.Linear;
              s.strategy.traffic = traffic();
              return s;
            },
            "strategy.linear.stepPercent: required for type Linear"),
        invalid(
            "strategy BlueGreen without ECS's role",
            s -> {
              s.strategy.type = StrategySpec.Type.BlueGreen;
              s.strategy.traffic = traffic();
              s.strategy.traffic.roleArn = null;
              return s;
            },
            "strategy.traffic.roleArn: required for BlueGreen (the IAM role ECS assumes to change"
                + " the listener rules)"),
        invalid(
            "strategy BlueGreen with two load balancers",
            s -> {
              s.strategy.type = StrategySpec.Type.BlueGreen;
              s.strategy.traffic = traffic();
              s.service.loadBalancers.add(s.service.loadBalancers.get(0));
              return s;
            },
            "service.loadBalancers: BlueGreen needs exactly one entry (the target group traffic"
                + " starts on), found 2"),
        invalid(
            "strategy BlueGreen on another account's listener",
            s -> {
              s.strategy.type = StrategySpec.Type.BlueGreen;
              s.strategy.traffic = traffic();
              s.strategy.traffic.listenerArn =
                  "arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:listener/app/p/1/2";
              return s;
            },
            "strategy.traffic: listener"
                + " arn:aws:elasticloadbalancing:ap-northeast-1:999999999999:listener/app/p/1/2 is"
                + " not in the release's account and Region (spec.aws)"),
        invalid(
            "strategy BlueGreen whose test rule has no room",
            s -> {
              s.strategy.type = StrategySpec.Type.BlueGreen;
              s.strategy.traffic = traffic();
              s.strategy.traffic.preview = new StrategySpec.RuleConditions();
              s.strategy.traffic.preview.sourceIps = List.of("203.0.113.0/24");
              s.strategy.traffic.priorities = new StrategySpec.PriorityRange();
              s.strategy.traffic.priorities.from = 10;
              s.strategy.traffic.priorities.to = 10;
              return s;
            },
            "strategy.traffic.priorities: the test rule (or a Weighted header route) shares the "
                + "production listener, so the range needs room for two rules"),
        invalid(
            "progressDeadlineSeconds 29",
            s -> {
              s.strategy.progressDeadlineSeconds = 29;
              return s;
            },
            "strategy.progressDeadlineSeconds: at least 30"),
        invalid(
            "preDeploy unknown container",
            s -> {
              s.preDeploy.get(0).container = "worker";
              return s;
            },
            "preDeploy[0].container: worker is not a container of the task definition"),
        invalid(
            "duplicate preDeploy names",
            s -> {
              s.preDeploy.add(task("migrate", "app"));
              return s;
            },
            "preDeploy[1].name: duplicate pre-deploy task migrate"),
        invalid(
            "preDeploy name with capitals and underscore",
            s -> {
              s.preDeploy.get(0).name = "Migrate_DB";
              return s;
            },
            "preDeploy[0].name: required, lower-case letters, digits and '-', at most 32"),
        invalid(
            "preDeploy name of 33 characters",
            s -> {
              s.preDeploy.get(0).name = "a".repeat(33);
              return s;
            },
            "preDeploy[0].name: required, lower-case letters, digits and '-', at most 32"),
        invalid(
            "preDeploy name ending in '-'",
            s -> {
              s.preDeploy.get(0).name = "migrate-";
              return s;
            },
            "preDeploy[0].name: required, lower-case letters, digits and '-', at most 32"),
        invalid(
            "preDeploy without command",
            s -> {
              s.preDeploy.get(0).command = List.of();
              return s;
            },
            "preDeploy[0].command: required"),
        invalid(
            "notifier with two types",
            s -> {
              NotificationSpec n = slack("team");
              n.mackerel = mackerel();
              return notifying(s, n);
            },
            "notifications[0]: set exactly one of mackerel, slack or webhook"),
        invalid(
            "notifier without a type",
            s -> {
              NotificationSpec n = slack("team");
              n.slack = null;
              return notifying(s, n);
            },
            "notifications[0]: set exactly one of mackerel, slack or webhook"),
        invalid(
            "duplicate notifier names",
            s -> notifying(s, slack("team"), slack("team")),
            "notifications[1].name: duplicate notifier name team (notifier names must be unique)"),
        invalid(
            "11 notifiers",
            s -> {
              notifying(s);
              for (int i = 0; i < 11; i++) s.notifications.add(slack("n" + i));
              return s;
            },
            "notifications: at most 10 items"),
        invalid(
            "notifier name with upper case",
            s -> notifying(s, slack("Team")),
            "notifications[0].name: must match " + NotificationSpec.NAME_PATTERN),
        invalid(
            "notifier listening to no event",
            s -> {
              NotificationSpec n = slack("team");
              n.events = List.of();
              return notifying(s, n);
            },
            "notifications[0].events: at least 1 items"),
        invalid(
            "Secret name that is not a DNS name",
            s -> {
              NotificationSpec n = slack("team");
              n.slack.webhookSecretRef.name = "Slack_Hook";
              return notifying(s, n);
            },
            "notifications[0].slack.webhookSecretRef.name: must match "
                + NotificationSpec.SECRET_NAME_PATTERN),
        invalid(
            "Mackerel without an API key",
            s -> {
              NotificationSpec n = slack("mkr");
              n.slack = null;
              n.mackerel = mackerel();
              n.mackerel.apiKeySecretRef = null;
              return notifying(s, n);
            },
            "notifications[0].mackerel.apiKeySecretRef: required"));
  }

  @Test
  void weightedStepsOverTheSpecsTrafficAreAccepted() {
    ServiceReleaseSpec s = valid();
    s.strategy.type = StrategySpec.Type.Weighted;
    s.strategy.traffic = traffic();
    s.strategy.traffic.roleArn = null;
    s.strategy.weighted = new StrategySpec.Weighted();
    StrategySpec.Step weight = new StrategySpec.Step();
    weight.setWeight = 10;
    StrategySpec.Step pause = new StrategySpec.Step();
    pause.pause = new StrategySpec.Pause();
    s.strategy.weighted.steps = List.of(weight, pause);
    assertThat(SpecValidator.validate(s)).isEmpty();
    // Header routes go ahead of the production rule: the range needs room for both.
    s.strategy.traffic.priorities = new StrategySpec.PriorityRange();
    s.strategy.traffic.priorities.from = 7;
    s.strategy.traffic.priorities.to = 7;
    assertThat(SpecValidator.validate(s))
        .containsExactly(
            "strategy.traffic.priorities: the test rule (or a Weighted header route) shares the "
                + "production listener, so the range needs room for two rules");
  }

  @Test
  void progressiveStrategiesNeedTrafficAndWeightedStepsDoOneThingEach() {
    ServiceReleaseSpec s = valid();
    s.strategy.type = StrategySpec.Type.Weighted;
    s.strategy.weighted = new StrategySpec.Weighted();
    StrategySpec.Step step = new StrategySpec.Step();
    step.setWeight = 10;
    step.pause = new StrategySpec.Pause();
    s.strategy.weighted.steps = List.of(step);
    assertThat(SpecValidator.validate(s))
        .containsExactly(
            "strategy.traffic: required for BlueGreen, Canary, Linear and Weighted",
            "strategy.weighted.steps[0]: exactly one of setWeight, pause, setHeaderRoute");
  }

  private static ServiceReleaseSpec preflight(ServiceReleaseSpec s, PreflightCheckSpec... checks) {
    s.preflight = new ArrayList<>(List.of(checks));
    return s;
  }

  static Stream<Arguments> invalidPreflight() {
    String known = "; known: ${imageTag} and ${imageTag:CONTAINER}";
    return Stream.of(
        invalid(
            "a check of two kinds",
            s -> {
              PreflightCheckSpec c = Releases.s3Check("assets", "assets", "web/${imageTag}");
              c.httpGet = Releases.httpCheck("x", "https://example.com/").httpGet;
              return preflight(s, c);
            },
            "preflight[0]: set exactly one of s3ObjectExists, httpGet and ecrImageExists"),
        invalid(
            "a check of no kind",
            s -> {
              PreflightCheckSpec c = new PreflightCheckSpec();
              c.name = "nothing";
              return preflight(s, c);
            },
            "preflight[0]: set exactly one of s3ObjectExists, httpGet and ecrImageExists"),
        invalid(
            "an unknown placeholder",
            s -> preflight(s, Releases.s3Check("assets", "assets", "web/${revision}.tgz")),
            "preflight[0].s3ObjectExists.key: unknown placeholder ${revision}" + known),
        invalid(
            "a label placeholder (the spec has no docker labels)",
            s -> preflight(s, Releases.s3Check("assets", "assets", "${label:git-sha}")),
            "preflight[0].s3ObjectExists.key: unknown placeholder ${label:git-sha}" + known),
        invalid(
            "the image tag of a container that does not exist",
            s -> preflight(s, Releases.httpCheck("up", "https://example.com/v/${imageTag:worker}")),
            "preflight[0].httpGet.url: ${imageTag:worker} names no container of"
                + " taskDefinition.containers"),
        invalid(
            "an unterminated placeholder, not echoed (it may run into a query string)",
            s ->
                preflight(
                    s, Releases.httpCheck("up", "https://example.com/${imageTag?token=s3cr3t")),
            "preflight[0].httpGet.url: unterminated placeholder: a ${ without a closing }"),
        invalid(
            "the image tag of an image pinned only by digest",
            s -> {
              app(s).image = "registry/web@sha256:" + "0123456789abcdef".repeat(4);
              return preflight(s, Releases.s3Check("assets", "assets", "${imageTag}"));
            },
            "preflight[0].s3ObjectExists.key: ${imageTag}: the image of container app is pinned"
                + " by digest and has no tag"),
        invalid(
            "a bucket that is no bucket name once expanded",
            s -> {
              app(s).image = "registry/web:V1";
              return preflight(s, Releases.s3Check("assets", "assets-${imageTag}", "k"));
            },
            "preflight[0].s3ObjectExists.bucket: \"assets-V1\" is not a bucket name (3 to 63"
                + " lower-case letters, digits, '.' and '-')"),
        invalid(
            "a URL that is not http",
            s -> preflight(s, Releases.httpCheck("up", "ftp://example.com/x")),
            "preflight[0].httpGet.url: not an absolute http or https URL with a host once"
                + " expanded"),
        invalid(
            "a timeout above 30 seconds",
            s -> {
              PreflightCheckSpec c = Releases.httpCheck("up", "https://example.com/");
              c.httpGet.timeoutSeconds = 31;
              return preflight(s, c);
            },
            "preflight[0].httpGet.timeoutSeconds: must be at most 30"),
        invalid(
            "two checks of one name",
            s ->
                preflight(
                    s,
                    Releases.s3Check("assets", "assets", "a"),
                    Releases.s3Check("assets", "assets", "b")),
            "preflight[1].name: duplicate preflight check assets"),
        invalid(
            "an ECR check of a container that does not exist",
            s -> preflight(s, Releases.ecrCheck("image", "worker")),
            "preflight[0].ecrImageExists.container: worker is not a container of the task"
                + " definition"),
        invalid(
            "eleven checks",
            s -> {
              s.preflight = new ArrayList<>();
              for (int i = 0; i < 11; i++) s.preflight.add(Releases.ecrCheck("c" + i, null));
              return s;
            },
            "preflight: at most 10 items"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPreflight")
  void invalidPreflightGivesItsProblem(
      String what, UnaryOperator<ServiceReleaseSpec> change, String problem) {
    assertThat(SpecValidator.validate(change.apply(valid()))).containsExactly(problem);
  }

  @Test
  void everyKindOfPreflightCheckWithTemplatesIsValid() {
    ServiceReleaseSpec s =
        preflight(
            valid(),
            Releases.s3Check("assets", "assets-prod", "web/${imageTag}/manifest.json"),
            Releases.httpCheck(
                "schema", "https://registry.internal/compat/${imageTag:app}?token=abc"),
            Releases.ecrCheck("images", null),
            Releases.ecrCheck("app-image", "app"));
    assertThat(SpecValidator.validate(s)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidSpecGivesItsProblem(
      String what, UnaryOperator<ServiceReleaseSpec> change, String problem) {
    assertThat(SpecValidator.validate(change.apply(valid()))).containsExactly(problem);
  }

  static Stream<Arguments> validVariations() {
    return Stream.of(
        arguments("the example as is", (UnaryOperator<ServiceReleaseSpec>) s -> s),
        arguments(
            "BlueGreen with an office preview",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.strategy.type = StrategySpec.Type.BlueGreen;
                  s.strategy.traffic = traffic();
                  s.strategy.traffic.preview = new StrategySpec.RuleConditions();
                  s.strategy.traffic.preview.sourceIps = List.of("203.0.113.0/24");
                  return s;
                }),
        arguments(
            "Canary 10 %",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.strategy.type = StrategySpec.Type.Canary;
                  s.strategy.traffic = traffic();
                  s.strategy.canary = new StrategySpec.Canary();
                  s.strategy.canary.percent = 10.0;
                  return s;
                }),
        arguments(
            "Linear steps of 25 %",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.strategy.type = StrategySpec.Type.Linear;
                  s.strategy.traffic = traffic();
                  s.strategy.linear = new StrategySpec.Linear();
                  s.strategy.linear.stepPercent = 25.0;
                  return s;
                }),
        arguments(
            "roleArn in the same account",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.aws.roleArn = "arn:aws:iam::123456789012:role/slipway";
                  return s;
                }),
        arguments(
            "GovCloud region",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.aws.region = "us-gov-west-1";
                  return s;
                }),
        arguments(
            "desiredCount 0",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.service.desiredCount = 0;
                  return s;
                }),
        arguments(
            "autoscaling min == max",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.service.autoscaling = new ServiceSpec.Autoscaling();
                  s.service.autoscaling.minCapacity = 3;
                  s.service.autoscaling.maxCapacity = 3;
                  return s;
                }),
        arguments(
            "progressDeadlineSeconds 30",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.strategy.progressDeadlineSeconds = 30;
                  return s;
                }),
        arguments(
            "preDeploy name of 32 characters",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.preDeploy.get(0).name = "a" + "-".repeat(30) + "z";
                  return s;
                }),
        arguments(
            "10 containers, only one essential",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  for (int i = 1; i <= 9; i++) {
                    ContainerSpec side = container("side" + i);
                    side.essential = false;
                    s.taskDefinition.containers.add(side);
                  }
                  return s;
                }),
        arguments(
            "SSM parameter and Secrets Manager secrets",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  app(s).secrets =
                      Map.of(
                          "A", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/a",
                          "B", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:web/b");
                  return s;
                }),
        arguments(
            "one notifier of each type, one listening to failures only",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  NotificationSpec m = slack("mackerel");
                  m.slack = null;
                  m.mackerel = mackerel();
                  m.mackerel.roles = List.of("web", "api");
                  m.mackerel.baseUrl = "https://api.mackerelio.com";
                  NotificationSpec hook = slack("hook");
                  hook.slack = null;
                  hook.webhook = new NotificationSpec.Webhook();
                  hook.webhook.urlSecretRef = new NotificationSpec.SecretKeyRef();
                  hook.webhook.urlSecretRef.name = "deploy-hook";
                  hook.webhook.urlSecretRef.key = "url";
                  hook.webhook.headersSecretRef = new NotificationSpec.SecretRef();
                  hook.webhook.headersSecretRef.name = "deploy-hook-headers";
                  NotificationSpec team = slack("team");
                  team.events = List.of(dev.slipway.api.v1alpha1.DeployEvent.Failed);
                  return notifying(s, m, hook, team);
                }),
        arguments(
            "no service, strategy or preDeploy sections",
            (UnaryOperator<ServiceReleaseSpec>)
                s -> {
                  s.service = null;
                  s.strategy = null;
                  s.preDeploy = null;
                  return s;
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVariations")
  void validSpecHasNoProblems(String what, UnaryOperator<ServiceReleaseSpec> change) {
    assertThat(SpecValidator.validate(change.apply(valid()))).isEmpty();
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    ServiceReleaseSpec s = valid();
    s.aws.accountId = "1";
    s.cluster = null;
    s.service.desiredCount = -1;
    s.strategy.progressDeadlineSeconds = 1;
    assertThat(SpecValidator.validate(s))
        .containsExactly(
            "aws.accountId: must be a 12-digit AWS account id",
            "cluster: required, letters, digits, '-' and '_' only",
            "service.desiredCount: must not be negative",
            "strategy.progressDeadlineSeconds: at least 30");
  }

  @Test
  void missingContainersWithPreDeployIsAProblemNotACrash() {
    ServiceReleaseSpec s = valid();
    s.service.loadBalancers = null;
    s.taskDefinition.containers = null;
    assertThatCode(() -> SpecValidator.validate(s)).doesNotThrowAnyException();
    assertThat(SpecValidator.validate(s))
        .contains("taskDefinition.containers: at least one container is required");
  }

  @Test
  void missingContainersWithLoadBalancerIsAProblemNotACrash() {
    ServiceReleaseSpec s = valid();
    s.preDeploy = new ArrayList<>();
    s.taskDefinition.containers = null;
    assertThatCode(() -> SpecValidator.validate(s)).doesNotThrowAnyException();
    assertThat(SpecValidator.validate(s))
        .contains("taskDefinition.containers: at least one container is required");
  }

  @Test
  void networkConfigurationWithoutSubnetsIsAProblem() {
    ServiceRelease sr = Releases.web("web", "registry/web:v1");
    sr.getSpec().service.networkConfiguration.subnets = null;
    assertThat(SpecValidator.validate(sr.getSpec())).isNotEmpty();
  }

  @Test
  void everyValidVariationCanBePlanned() {
    validVariations()
        .forEach(
            a -> {
              @SuppressWarnings("unchecked")
              UnaryOperator<ServiceReleaseSpec> change =
                  (UnaryOperator<ServiceReleaseSpec>) a.get()[1];
              ServiceRelease sr = Releases.web("web", "registry/web:v1");
              sr.setSpec(change.apply(valid()));
              assertThatCode(() -> ReleasePlan.of(sr))
                  .as((String) a.get()[0])
                  .doesNotThrowAnyException();
            });
  }

  // --- examples/ ---------------------------------------------------------------------------

  private static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      // StagingEnvironment examples are checked by StagingEnvironmentExamplesTest.
      return files
          .filter(p -> p.getFileName().toString().startsWith("servicerelease-"))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  static Stream<Path> examples() throws IOException {
    return exampleFiles().stream();
  }

  @Test
  void examplesDirectoryIsNotEmpty() throws IOException {
    assertThat(exampleFiles()).hasSizeGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleValidatesClean(Path file) throws IOException {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(ServiceRelease.class);
    Object parsed = serialization.unmarshal(Files.readString(file));

    assertThat(parsed).isInstanceOf(ServiceRelease.class);
    ServiceRelease sr = (ServiceRelease) parsed;
    assertThat(SpecValidator.validate(sr.getSpec())).isEmpty();
    assertThatCode(() -> ReleasePlan.of(sr)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleSpecHasNoUnknownFields(Path file) throws IOException {
    YAMLMapper strict = new YAMLMapper();
    strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    JsonNode spec = strict.readTree(file.toFile()).get("spec");
    assertThat(spec).isNotNull();
    assertThatCode(() -> strict.treeToValue(spec, ServiceReleaseSpec.class))
        .doesNotThrowAnyException();
  }
}
