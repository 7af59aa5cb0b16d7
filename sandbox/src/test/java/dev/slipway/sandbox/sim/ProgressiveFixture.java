package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * A Fargate service behind an ALB with a blue/green target group pair: a production rule (every
 * path) and a test rule (the office network), and clients on the listener from the public Internet
 * and from the office.
 */
class ProgressiveFixture {
  static final String ACCOUNT = "111122223333";
  static final String REGION = "eu-west-1";
  static final String CLUSTER = "apps";
  static final String SERVICE = "web";
  static final String OFFICE = "203.0.113.0/24";
  static final RequestShape PUBLIC = RequestShape.of("public").withSourceIp("198.51.100.7");
  static final RequestShape OFFICE_USER = RequestShape.of("office").withSourceIp("203.0.113.10");

  final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
  final AwsSimulator sim;
  final AwsTarget target = new AwsTarget(ACCOUNT, REGION, null);
  final EcsClient ecs;
  final ElasticLoadBalancingV2Client elb;
  final CloudWatchClient cloudwatch;
  final String blueTg;
  final String greenTg;
  final String listener;
  final String productionRule;
  final String testRule;

  /** Stage transitions of 5-15 s, so every lifecycle stage lasts at least one scheduler step. */
  ProgressiveFixture() {
    this(
        new DeploymentTimings(
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 0));
  }

  ProgressiveFixture(DeploymentTimings timings) {
    sim =
        AwsSimulator.builder()
            .clock(clock)
            .defaultAccountId(ACCOUNT)
            .throttling(false)
            .seed(7)
            .deploymentTimings(timings)
            .build();
    ecs = sim.ecs(target);
    elb = sim.elb(target);
    cloudwatch = sim.cloudwatch(target);
    sim.createCluster(ACCOUNT, REGION, CLUSTER);
    String lb = sim.createLoadBalancer(ACCOUNT, REGION, "public");
    blueTg = sim.createTargetGroup(ACCOUNT, REGION, "web-blue", 8080);
    greenTg = sim.createTargetGroup(ACCOUNT, REGION, "web-green", 8080);
    listener =
        elb.createListener(
                r ->
                    r.loadBalancerArn(lb)
                        .protocol("HTTP")
                        .port(80)
                        .defaultActions(
                            a ->
                                a.type("fixed-response")
                                    .fixedResponseConfig(f -> f.statusCode("404"))))
            .listeners()
            .get(0)
            .listenerArn();
    productionRule =
        rule(
            100,
            RuleCondition.builder()
                .field("path-pattern")
                .pathPatternConfig(p -> p.values("/*"))
                .build());
    testRule =
        rule(
            10,
            RuleCondition.builder()
                .field("source-ip")
                .sourceIpConfig(s -> s.values(OFFICE))
                .build());
  }

  private String rule(int priority, RuleCondition condition) {
    return elb.createRule(
            r ->
                r.listenerArn(listener)
                    .priority(priority)
                    .conditions(condition)
                    .actions(weighted(100, 0)))
        .rules()
        .get(0)
        .ruleArn();
  }

  Action weighted(int blue, int green) {
    return Action.builder()
        .type("forward")
        .forwardConfig(
            f ->
                f.targetGroups(
                    TargetGroupTuple.builder().targetGroupArn(blueTg).weight(blue).build(),
                    TargetGroupTuple.builder().targetGroupArn(greenTg).weight(green).build()))
        .build();
  }

  /** Registers an awsvpc Fargate task definition serving on 8080 and returns its ARN. */
  String register(String image) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(SERVICE)
                    .networkMode("awsvpc")
                    .requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c -> c.name("app").image(image).portMappings(p -> p.containerPort(8080))))
        .taskDefinition()
        .taskDefinitionArn();
  }

  LoadBalancer loadBalancer() {
    return LoadBalancer.builder()
        .targetGroupArn(blueTg)
        .containerName("app")
        .containerPort(8080)
        .advancedConfiguration(
            a ->
                a.alternateTargetGroupArn(greenTg)
                    .productionListenerRule(productionRule)
                    .testListenerRule(testRule)
                    .roleArn("arn:aws:iam::" + ACCOUNT + ":role/ecs-infrastructure"))
        .build();
  }

  /** Creates the service with two tasks and waits until its first deployment succeeded. */
  void createAndSettle(String taskDefinition, DeploymentConfiguration config) {
    ecs.createService(
        r ->
            r.cluster(CLUSTER)
                .serviceName(SERVICE)
                .taskDefinition(taskDefinition)
                .desiredCount(2)
                .launchType("FARGATE")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))
                .loadBalancers(loadBalancer())
                .deploymentConfiguration(config));
    runUntil(d -> d.statusAsString().equals("SUCCESSFUL"), Duration.ofMinutes(10));
  }

  /** Starts a new deployment of {@code taskDefinition} with {@code config} and returns its ARN. */
  String deploy(String taskDefinition, DeploymentConfiguration config) {
    ecs.updateService(
        r ->
            r.cluster(CLUSTER)
                .service(SERVICE)
                .taskDefinition(taskDefinition)
                .deploymentConfiguration(config));
    return current().serviceDeploymentArn();
  }

  ServiceDeployment current() {
    String arn =
        ecs.describeServices(r -> r.cluster(CLUSTER).services(SERVICE))
            .services()
            .get(0)
            .currentServiceDeployment();
    return describe(arn);
  }

  ServiceDeployment describe(String arn) {
    return ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
        .serviceDeployments()
        .get(0);
  }

  /**
   * Moves the clock one simulated second at a time (as a close observer would) until the current
   * service deployment satisfies {@code done}; returns the lifecycle stages seen on the way.
   */
  List<String> runUntil(Predicate<ServiceDeployment> done, Duration max) {
    List<String> stages = new java.util.ArrayList<>();
    for (Duration t = Duration.ZERO; t.compareTo(max) <= 0; t = t.plusSeconds(1)) {
      ServiceDeployment d = current();
      String stage = d.lifecycleStageAsString();
      if (stage != null && (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage))) {
        stages.add(stage);
      }
      if (done.test(d)) return stages;
      clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("not reached within " + max + ": " + current());
  }

  /** Requests each shape's served, per task definition, during the next {@code window}. */
  Map<String, Map<String, Long>> trafficDuring(Duration window) {
    Map<String, Map<String, Long>> before = snapshot();
    clock.advance(window);
    Map<String, Map<String, Long>> after = snapshot();
    return after.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    e.getValue().entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey,
                                x ->
                                    x.getValue()
                                        - before
                                            .getOrDefault(e.getKey(), Map.of())
                                            .getOrDefault(x.getKey(), 0L)))
                        .entrySet()
                        .stream()
                        .filter(x -> x.getValue() > 0)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
  }

  private Map<String, Map<String, Long>> snapshot() {
    return Map.of(
        "public", sim.traffic().byTaskDefinition(listener, "public"),
        "office", sim.traffic().byTaskDefinition(listener, "office"));
  }

  void startTraffic() {
    sim.traffic().start(listener, 110, List.of(PUBLIC.withShare(10), OFFICE_USER));
  }

  /** The (target group → weight) pairs of a rule's forward action, read back with DescribeRules. */
  Map<String, Integer> weights(String ruleArn) {
    var rule = elb.describeRules(r -> r.ruleArns(ruleArn)).rules().get(0);
    var forward = rule.actions().get(rule.actions().size() - 1);
    return forward.forwardConfig().targetGroups().stream()
        .collect(Collectors.toMap(TargetGroupTuple::targetGroupArn, TargetGroupTuple::weight));
  }

  void assertNothingLost() {
    assertThat(sim.traffic().requestsToNothingBreakdown()).isEmpty();
    assertThat(sim.traffic().requestsToNothing()).isZero();
  }
}
