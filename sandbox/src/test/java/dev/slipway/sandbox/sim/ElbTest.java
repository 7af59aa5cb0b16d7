package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ResourceInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyListenersException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyRulesException;

/** Simulated ELBv2: target groups, listeners, rules, priorities, limits and their errors. */
class ElbTest {
  private final SimFixture f = new SimFixture();
  private final ElasticLoadBalancingV2Client elb = f.sim.elb(f.target);
  private final String lb =
      f.sim.createLoadBalancer(SimFixture.ACCOUNT, SimFixture.REGION, "public");

  private String targetGroup(String name, int port) {
    return elb.createTargetGroup(
            r -> r.name(name).protocol("HTTP").port(port).vpcId("vpc-1").targetType("ip"))
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  private String listener(int port, String tg) {
    return elb.createListener(
            r ->
                r.loadBalancerArn(lb)
                    .protocol("HTTP")
                    .port(port)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)))
        .listeners()
        .get(0)
        .listenerArn();
  }

  private Rule rule(String listener, int priority, String host, String tg) {
    return elb.createRule(
            r ->
                r.listenerArn(listener)
                    .priority(priority)
                    .conditions(
                        RuleCondition.builder()
                            .field("host-header")
                            .hostHeaderConfig(h -> h.values(host))
                            .build())
                    .actions(forward(tg)))
        .rules()
        .get(0);
  }

  private static Action forward(String tg) {
    return Action.builder().type("forward").targetGroupArn(tg).build();
  }

  @Test
  void loadBalancerHasRealisticArnAndDnsName() {
    var described = elb.describeLoadBalancers(r -> r.names("public")).loadBalancers().get(0);
    assertThat(described.loadBalancerArn())
        .matches(
            "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/public/[0-9a-f]{16}");
    assertThat(described.dnsName()).matches("public-\\d+\\.eu-west-1\\.elb\\.amazonaws\\.com");
  }

  @Test
  void targetGroupNamesAreValidatedAndUnique() {
    String arn = targetGroup("web-blue", 8080);
    assertThat(arn)
        .matches(
            "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-blue/[0-9a-f]{16}");
    assertThat(targetGroup("web-blue", 8080)).isEqualTo(arn); // identical settings: idempotent
    assertThatThrownBy(() -> targetGroup("web-blue", 9090))
        .isInstanceOfSatisfying(
            DuplicateTargetGroupNameException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DuplicateTargetGroupName");
              assertThat(e.statusCode()).isEqualTo(400);
            });
    for (String bad : new String[] {"-web", "web-", "a".repeat(33), "web_blue"}) {
      assertThatThrownBy(() -> targetGroup(bad, 80))
          .isInstanceOfSatisfying(
              ElasticLoadBalancingV2Exception.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }
    assertThat(targetGroup("a".repeat(32), 80)).contains("/" + "a".repeat(32) + "/");
  }

  @Test
  void listenerPortsAreUniqueAndLimitedTo50() {
    String tg = targetGroup("web", 80);
    listener(80, tg);
    assertThat(listener(80, tg)).isEqualTo(listener(80, tg)); // same settings: idempotent
    String other = targetGroup("other", 80);
    assertThatThrownBy(() -> listener(80, other))
        .isInstanceOfSatisfying(
            DuplicateListenerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DuplicateListener"));
    for (int port = 1000; port < 1049; port++) listener(port, tg);
    assertThatThrownBy(() -> listener(2000, tg)).isInstanceOf(TooManyListenersException.class);
    assertThatThrownBy(
            () ->
                listener(
                    81,
                    "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/x/0000000000000000"))
        .isInstanceOf(TargetGroupNotFoundException.class);
  }

  @Test
  void rulePrioritiesAreUniquePerListenerAndLimitedTo100() {
    String tg = targetGroup("web", 80);
    String l80 = listener(80, tg);
    String l81 = listener(81, tg);
    rule(l80, 10, "a.example.com", tg);
    rule(l81, 10, "a.example.com", tg); // same priority on another listener is fine
    assertThatThrownBy(() -> rule(l80, 10, "b.example.com", tg))
        .isInstanceOfSatisfying(
            PriorityInUseException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PriorityInUse"));
    assertThatThrownBy(() -> rule(l80, 50001, "b.example.com", tg))
        .isInstanceOf(ElasticLoadBalancingV2Exception.class);
    for (int p = 11; p < 110; p++) rule(l80, p, "h" + p + ".example.com", tg);
    assertThatThrownBy(() -> rule(l80, 200, "z.example.com", tg))
        .isInstanceOfSatisfying(
            TooManyRulesException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRules"));
    var rules = elb.describeRules(r -> r.listenerArn(l80)).rules();
    assertThat(rules).hasSize(101);
    assertThat(rules.get(100).isDefault()).isTrue();
    assertThat(rules.get(100).priority()).isEqualTo("default");
    assertThat(rules.get(0).priority()).isEqualTo("10");
  }

  @Test
  void setRulePrioritiesSwapsAtomicallyAndRejectsClashes() {
    String tg = targetGroup("web", 80);
    String l = listener(80, tg);
    Rule a = rule(l, 1, "a.example.com", tg);
    Rule b = rule(l, 2, "b.example.com", tg);
    Rule c = rule(l, 3, "c.example.com", tg);
    elb.setRulePriorities(
        r ->
            r.rulePriorities(
                p -> p.ruleArn(a.ruleArn()).priority(2), p -> p.ruleArn(b.ruleArn()).priority(1)));
    assertThatThrownBy(
            () ->
                elb.setRulePriorities(
                    r -> r.rulePriorities(p -> p.ruleArn(a.ruleArn()).priority(3))))
        .isInstanceOf(PriorityInUseException.class);
    var byPriority = elb.describeRules(r -> r.listenerArn(l)).rules();
    assertThat(byPriority)
        .extracting(Rule::ruleArn)
        .startsWith(b.ruleArn(), a.ruleArn(), c.ruleArn());
    elb.deleteRule(r -> r.ruleArn(c.ruleArn()));
    assertThatThrownBy(() -> elb.deleteRule(r -> r.ruleArn(c.ruleArn())))
        .isInstanceOf(RuleNotFoundException.class);
  }

  @Test
  void targetGroupInUseCannotBeDeleted() {
    String tg = targetGroup("web", 80);
    String spare = targetGroup("spare", 80);
    String l = listener(80, spare);
    Rule r1 = rule(l, 5, "a.example.com", tg);
    assertThatThrownBy(() -> elb.deleteTargetGroup(r -> r.targetGroupArn(tg)))
        .isInstanceOfSatisfying(
            ResourceInUseException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceInUse"));
    elb.deleteRule(r -> r.ruleArn(r1.ruleArn()));
    elb.deleteTargetGroup(r -> r.targetGroupArn(tg));
    assertThatThrownBy(() -> elb.describeTargetGroups(r -> r.targetGroupArns(tg)))
        .isInstanceOf(TargetGroupNotFoundException.class);
    assertThat(elb.describeTargetGroups(r -> r.loadBalancerArn(lb)).targetGroups())
        .extracting(t -> t.targetGroupArn())
        .containsExactly(spare);
  }

  @Test
  void tagsCanBeAddedDescribedAndRemoved() {
    String tg = targetGroup("web", 80);
    elb.addTags(r -> r.resourceArns(tg, lb).tags(t -> t.key("slipway.dev/owner").value("web")));
    assertThat(elb.describeTags(r -> r.resourceArns(tg, lb)).tagDescriptions())
        .allMatch(d -> d.tags().size() == 1);
    elb.removeTags(r -> r.resourceArns(tg).tagKeys("slipway.dev/owner"));
    assertThat(elb.describeTags(r -> r.resourceArns(tg)).tagDescriptions().get(0).tags()).isEmpty();
  }

  @Test
  void serviceTasksBecomeHealthyTargetsAndAreDeregisteredOnStop() {
    String tg = targetGroup("web", 8080);
    String td = registerWebTaskDefinition("app:1");
    assertThatThrownBy(() -> createServiceBehind(tg, td, 2))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("does not have an associated load balancer");
    listener(80, tg);
    createServiceBehind(tg, td, 2);
    f.advance(Duration.ofSeconds(30));
    assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions())
        .hasSize(2)
        .allMatch(d -> d.targetHealth().stateAsString().equals("initial"));
    f.advance(Duration.ofMinutes(1));
    var healthy = elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions();
    assertThat(healthy)
        .hasSize(2)
        .allMatch(d -> d.targetHealth().stateAsString().equals("healthy"))
        .allMatch(d -> d.target().port() == 8080 && d.target().id().startsWith("10.0."));

    f.ecs.updateService(
        r ->
            r.cluster(SimFixture.CLUSTER)
                .service("web")
                .taskDefinition(registerWebTaskDefinition("app:2")));
    f.advance(Duration.ofMinutes(3));
    var after = elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions();
    assertThat(after)
        .hasSize(2)
        .noneMatch(d -> healthy.stream().anyMatch(h -> h.target().id().equals(d.target().id())));
  }

  @Test
  void slowTasksBehindALoadBalancerAreReplacedUnlessTheGracePeriodCoversThem() {
    String tg = targetGroup("web", 8080);
    listener(80, tg);
    createServiceBehind(tg, registerWebTaskDefinition("app:1-slow"), 1);
    f.advance(Duration.ofMinutes(5));
    var d = f.describe("web").deployments().get(0);
    assertThat(d.failedTasks()).isGreaterThan(0);
    assertThat(d.rolloutStateAsString())
        .isEqualTo("FAILED"); // breaker enabled by createServiceBehind
  }

  private String registerWebTaskDefinition(String image) {
    return f.ecs
        .registerTaskDefinition(
            r ->
                r.family("web")
                    .networkMode("awsvpc")
                    .requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c -> c.name("app").image(image).portMappings(p -> p.containerPort(8080))))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private void createServiceBehind(String tg, String td, int desired) {
    f.ecs.createService(
        r ->
            r.cluster(SimFixture.CLUSTER)
                .serviceName("web")
                .taskDefinition(td)
                .desiredCount(desired)
                .launchType("FARGATE")
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-a")))
                .loadBalancers(l -> l.targetGroupArn(tg).containerName("app").containerPort(8080))
                .deploymentConfiguration(
                    c -> c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
  }
}
