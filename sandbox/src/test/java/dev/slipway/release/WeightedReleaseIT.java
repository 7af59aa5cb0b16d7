package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.api.v1alpha1.StrategySpec.Step;
import dev.slipway.aws.AwsTarget;
import dev.slipway.release.progressive.WeightActions;
import dev.slipway.release.progressive.WeightActions.Weights;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.RequestShape;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * Weighted releases end to end in the sandbox: Slipway runs a canary service beside the stable one,
 * moves the production rule's weights step by step, routes one header partition to the canary,
 * waits for a person at pauses, and puts everything back on stable in one ModifyRule when aborted.
 * Clients send requests through the listener the whole time; the simulator's listener rule and the
 * requests served per revision are checked at each step, and no request may reach an empty or
 * unhealthy target group.
 */
class WeightedReleaseIT {
  static final RequestShape PUBLIC = RequestShape.of("public");
  static final RequestShape BLOGS =
      RequestShape.of("blogs").withSourceIp("198.51.100.8").withHeader("X-Partition", "blogs");
  static final RequestShape NEWS =
      RequestShape.of("news").withSourceIp("198.51.100.9").withHeader("X-Partition", "news");

  static Sandbox sandbox;
  static AwsTarget target = new AwsTarget(Releases.ACCOUNT, Releases.REGION, null);
  static String loadBalancer;

  @BeforeAll
  static void start() {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    loadBalancer = sandbox.aws().createLoadBalancer(Releases.ACCOUNT, Releases.REGION, "public");
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) sandbox.close();
  }

  @AfterEach
  void nothingWasLost() {
    // The invariant of every test here: no request reached an empty or unhealthy target group.
    assertThat(sandbox.aws().traffic().requestsToNothingBreakdown()).isEmpty();
  }

  @Test
  void stepsMoveTheWeightsAndAHeaderRouteReachesOnlyItsPartition() {
    Setup s = setup("wt", 8091);
    apply(weighted("wt", "repo/app:v1", s, steps()));
    awaitPhase("wt", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("wt");
    s.startTraffic();
    long modifies = modifyRules();

    List<Step> steps =
        List.of(
            header("X-Partition", "blogs"),
            pause(null),
            weight(25),
            pause(null),
            weight(50),
            pause(120));
    apply(weighted("wt", "repo/app:v2", s, steps));
    ServiceRelease atHeader = awaitStep("wt", "repo/app:v2", Phase.AwaitingPromotion, 1);
    String v2 = atHeader.getStatus().history.get(0).taskDefinitionArn;
    assertThat(atHeader.getStatus().message)
        .startsWith("step 2/6: pause until promoted (canary 0 %, stable 100 %)")
        .contains("kubectl slipway promote wt");
    assertThat(atHeader.getStatus().progressive.canaryWeight).isZero();
    assertThat(atHeader.getStatus().progressive.stepStartedAt).isNotNull();
    assertThat(atHeader.getStatus().progressive.headerRuleArns).hasSize(1);
    assertThat(listenerWeights("wt")).isEqualTo(new Weights(100, 0));
    // The header partition reaches the new revision only; everyone else the old one only.
    assertThat(servedAfterReset(s, "blogs")).containsOnlyKeys(v2);
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    assertThat(served(s, "news")).containsOnlyKeys(v1);

    annotate("wt", ReleaseAnnotations.PROMOTE_ANNOTATION, "p1");
    ServiceRelease at25 = awaitStep("wt", "repo/app:v2", Phase.AwaitingPromotion, 3);
    assertThat(at25.getStatus().progressive.canaryWeight).isEqualTo(25);
    assertThat(at25.getStatus().message).startsWith("step 4/6: pause until promoted (canary 25 %");
    assertThat(listenerWeights("wt")).isEqualTo(new Weights(75, 25));
    Map<String, Long> split = servedAfterReset(s, "public");
    assertThat(split).containsOnlyKeys(v1, v2);
    assertThat(share(split, v2)).isBetween(0.2, 0.3);
    assertThat(served(s, "news")).containsOnlyKeys(v1, v2);
    assertThat(served(s, "blogs")).containsOnlyKeys(v2);

    annotate("wt", ReleaseAnnotations.PROMOTE_ANNOTATION, "p2");
    ServiceRelease done = awaitPhase("wt", Phase.Ready, "repo/app:v2", Duration.ofSeconds(180));
    assertThat(done.getStatus().progressive.state).isEqualTo("Succeeded");
    assertThat(done.getStatus().progressive.canaryWeight).isZero();
    assertThat(done.getStatus().progressive.headerRuleArns).isNull();
    assertThat(done.getStatus().history.get(0).result).isEqualTo("Succeeded");
    assertThat(listenerWeights("wt")).isEqualTo(new Weights(100, 0));
    assertThat(service("wt").taskDefinition()).isEqualTo(v2);
    assertThat(service("wt-canary").desiredCount()).isZero();
    assertThat(ruleArns(s)).containsExactly(done.getStatus().progressive.productionRuleArn);
    // 25, 50, then 100 while the stable service updates, then 0: one ModifyRule each.
    assertThat(modifyRules() - modifies).isEqualTo(4);
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(v2);
    assertThat(served(s, "blogs")).containsOnlyKeys(v2);
    assertThat(events("wt")).contains("WeightedRolloutStarted", "HeaderRouteSet", "WeightSet");
    s.stopTraffic();

    deleteWithDeletePolicy("wt");
    assertThat(ruleArns(s)).isEmpty();
    assertThat(serviceIsGone("wt-canary")).isTrue();
    ElasticLoadBalancingV2Client elb = sandbox.aws().elb(target);
    assertThatThrownBy(() -> elb.describeTargetGroups(r -> r.names("wt-alt")))
        .isInstanceOf(TargetGroupNotFoundException.class);
  }

  @Test
  void anAbortMidWayPutsAllTrafficOnStableInOneModifyRule() {
    Setup s = setup("wab", 8092);
    apply(weighted("wab", "repo/app:v1", s, steps()));
    awaitPhase("wab", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("wab");
    s.startTraffic();
    List<Step> steps = List.of(weight(30), header("X-Partition", "blogs"), pause(null), weight(60));
    apply(weighted("wab", "repo/app:v2", s, steps));
    awaitStep("wab", "repo/app:v2", Phase.AwaitingPromotion, 2);
    assertThat(listenerWeights("wab")).isEqualTo(new Weights(70, 30));
    assertThat(servedAfterReset(s, "public")).hasSize(2);

    long modifies = modifyRules();
    annotate("wab", ReleaseAnnotations.ABORT_ANNOTATION, "a1");
    ServiceRelease aborted =
        awaitPhase("wab", Phase.Aborted, "repo/app:v2", Duration.ofSeconds(120));
    assertThat(modifyRules() - modifies).isEqualTo(1);
    assertThat(listenerWeights("wab")).isEqualTo(new Weights(100, 0));
    assertThat(aborted.getStatus().history.get(0).result).isEqualTo("Aborted");
    assertThat(aborted.getStatus().progressive.state).isEqualTo("Aborted");
    assertThat(aborted.getStatus().progressive.abortAcknowledged).isEqualTo("a1");
    assertThat(aborted.getStatus().image).isEqualTo("repo/app:v1");
    assertThat(ruleArns(s)).containsExactly(aborted.getStatus().progressive.productionRuleArn);
    assertThat(service("wab").taskDefinition()).isEqualTo(v1);
    assertThat(service("wab-canary").desiredCount()).isZero();
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(v1);
    assertThat(served(s, "blogs")).containsOnlyKeys(v1);
    // Aborted stays aborted: nothing more is written for this spec.
    sleep(Duration.ofSeconds(3));
    assertThat(modifyRules() - modifies).isEqualTo(1);
    assertThat(get("wab").getStatus().phase).isEqualTo(Phase.Aborted);
    s.stopTraffic();
    delete("wab");
  }

  @Test
  void aRestartedOperatorResumesEveryStepWithoutWritingTwice() {
    Setup s = setup("wrs", 8093);
    apply(weighted("wrs", "repo/app:v1", s, steps()));
    awaitPhase("wrs", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();
    long modifies = modifyRules();
    long creates = calls("elasticloadbalancing", "CreateRule");
    long services = calls("ecs", "CreateService");
    List<Step> steps =
        List.of(
            weight(20),
            pause(60),
            header("X-Partition", "blogs"),
            weight(40),
            pause(null),
            weight(80));
    apply(weighted("wrs", "repo/app:v2", s, steps));
    Set<String> seen = new LinkedHashSet<>();
    // Restart whenever the release shows a new position, so each one is resumed by a new operator.
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              ServiceRelease now = get("wrs");
              boolean current =
                  Objects.equals(now.getStatus().desiredImage, "repo/app:v2")
                      && now.getMetadata()
                          .getGeneration()
                          .equals(now.getStatus().observedGeneration)
                      && now.getStatus().progressive != null;
              if (!current) return false;
              String position =
                  now.getStatus().phase
                      + "/"
                      + now.getStatus().progressive.state
                      + "/"
                      + now.getStatus().progressive.step;
              if (seen.add(position) && now.getStatus().phase != Phase.Ready) {
                sandbox.stopOperator();
                sandbox.startOperator();
                if (now.getStatus().phase == Phase.AwaitingPromotion) {
                  annotate("wrs", ReleaseAnnotations.PROMOTE_ANNOTATION, "go");
                }
              }
              return now.getStatus().phase == Phase.Ready;
            });
    assertThat(seen.size()).isGreaterThanOrEqualTo(6);
    // 20, 40, 80, 100, 0; one header rule; one canary service: each written once.
    assertThat(modifyRules() - modifies).isEqualTo(5);
    assertThat(calls("elasticloadbalancing", "CreateRule") - creates).isEqualTo(1);
    assertThat(calls("ecs", "CreateService") - services).isEqualTo(1);
    assertThat(listenerWeights("wrs")).isEqualTo(new Weights(100, 0));
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(revision("wrs"));
    s.stopTraffic();
    delete("wrs");
  }

  @Test
  void weightsSomeoneElseChangedStopTheReleaseUntilTheyArePutBack() {
    Setup s = setup("wch", 8094);
    apply(weighted("wch", "repo/app:v1", s, steps()));
    awaitPhase("wch", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();
    apply(weighted("wch", "repo/app:v2", s, List.of(weight(30), pause(null), weight(60))));
    ServiceRelease waiting = awaitStep("wch", "repo/app:v2", Phase.AwaitingPromotion, 1);
    String rule = waiting.getStatus().progressive.productionRuleArn;
    String stable = waiting.getSpec().service.loadBalancers.get(0).targetGroupArn;
    String canary = waiting.getStatus().progressive.alternateTargetGroupArn;
    ElasticLoadBalancingV2Client elb = sandbox.aws().elb(target);
    // Someone moves the weights by hand; then a person promotes.
    elb.modifyRule(r -> r.ruleArn(rule).actions(WeightActions.forward(stable, canary, 50)));
    long modifies = modifyRules();
    annotate("wch", ReleaseAnnotations.PROMOTE_ANNOTATION, "p1");
    ServiceRelease stopped = awaitPhase("wch", Phase.Failed, "repo/app:v2", Duration.ofSeconds(60));
    assertThat(stopped.getStatus().message)
        .contains("forwards stable 50 / canary 50 but Slipway last wrote stable 70 / canary 30")
        .contains("someone else changed it");
    assertThat(stopped.getStatus().conditions)
        .anyMatch(c -> "WeightsChanged".equals(c.getReason()));
    sleep(Duration.ofSeconds(3));
    // Slipway does not fight: the only ModifyRule since is the hand-made one.
    assertThat(modifyRules() - modifies).isZero();
    assertThat(listenerWeights("wch")).isEqualTo(new Weights(50, 50));

    // Put back, the release goes on (the promotion set meanwhile acts now) to the end.
    elb.modifyRule(r -> r.ruleArn(rule).actions(WeightActions.forward(stable, canary, 30)));
    awaitPhase("wch", Phase.Ready, "repo/app:v2", Duration.ofSeconds(180));
    assertThat(listenerWeights("wch")).isEqualTo(new Weights(100, 0));
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(revision("wch"));
    s.stopTraffic();
    delete("wch");
  }

  @Test
  void aCanaryThatNeverGetsHealthyNeverTakesTrafficAndIsRolledBack() {
    Setup s = setup("wcr", 8095);
    apply(weighted("wcr", "repo/app:v1", s, steps()));
    awaitPhase("wcr", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("wcr");
    s.startTraffic();
    long modifies = modifyRules();
    apply(weighted("wcr", "repo/app:v2-crashloop", s, List.of(weight(10), pause(null))));
    ServiceRelease rolledBack =
        awaitPhase("wcr", Phase.RolledBack, "repo/app:v2-crashloop", Duration.ofSeconds(240));
    assertThat(rolledBack.getStatus().history.get(0).result).isEqualTo("RolledBack");
    assertThat(rolledBack.getStatus().progressive.state).isEqualTo("RolledBack");
    // The canary was never healthy, so no weight ever moved to it.
    assertThat(modifyRules() - modifies).isZero();
    assertThat(listenerWeights("wcr")).isEqualTo(new Weights(100, 0));
    assertThat(service("wcr").taskDefinition()).isEqualTo(v1);
    assertThat(service("wcr-canary").desiredCount()).isZero();
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(v1);

    // The next revision goes through the same canary service.
    apply(weighted("wcr", "repo/app:v3", s, List.of(weight(50))));
    awaitPhase("wcr", Phase.Ready, "repo/app:v3", Duration.ofSeconds(180));
    assertThat(servedAfterReset(s, "public")).containsOnlyKeys(revision("wcr"));
    assertThat(service("wcr-canary").desiredCount()).isZero();
    s.stopTraffic();
    delete("wcr");
  }

  // --- fixture ---------------------------------------------------------------------------

  /** A target group and a listener of its own for one test's service. */
  record Setup(String targetGroup, String listener) {
    void startTraffic() {
      sandbox.aws().traffic().reset();
      sandbox.aws().traffic().start(listener, List.of(PUBLIC, BLOGS, NEWS));
    }

    void stopTraffic() {
      sandbox.aws().traffic().stop(listener);
    }
  }

  static Setup setup(String name, int port) {
    String tg = sandbox.aws().createTargetGroup(Releases.ACCOUNT, Releases.REGION, name, 8080);
    ElasticLoadBalancingV2Client elb = sandbox.aws().elb(target);
    String listener =
        elb.createListener(
                r ->
                    r.loadBalancerArn(loadBalancer)
                        .protocol("HTTP")
                        .port(port)
                        .defaultActions(
                            a ->
                                a.type("fixed-response")
                                    .fixedResponseConfig(f -> f.statusCode("404"))))
            .listeners()
            .get(0)
            .listenerArn();
    return new Setup(tg, listener);
  }

  static ServiceRelease weighted(String name, String image, Setup s, List<Step> steps) {
    ServiceRelease sr = Releases.web(name, image);
    ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
    lb.targetGroupArn = s.targetGroup();
    lb.containerName = "app";
    lb.containerPort = 8080;
    sr.getSpec().service.loadBalancers = new ArrayList<>(List.of(lb));
    StrategySpec strategy = new StrategySpec();
    strategy.type = StrategySpec.Type.Weighted;
    strategy.traffic = new StrategySpec.Traffic();
    strategy.traffic.listenerArn = s.listener();
    strategy.weighted = new StrategySpec.Weighted();
    strategy.weighted.steps = steps;
    sr.getSpec().strategy = strategy;
    return sr;
  }

  /** Steps for a first release, which has no stable revision and so runs none of them. */
  static List<Step> steps() {
    return List.of(weight(50));
  }

  static Step weight(int w) {
    Step s = new Step();
    s.setWeight = w;
    return s;
  }

  static Step pause(Integer seconds) {
    Step s = new Step();
    s.pause = new StrategySpec.Pause();
    s.pause.durationSeconds = seconds;
    return s;
  }

  static Step header(String name, String value) {
    Step s = new Step();
    s.setHeaderRoute = new StrategySpec.HeaderRoute();
    s.setHeaderRoute.name = name;
    s.setHeaderRoute.value = value;
    return s;
  }

  /** The production rule's weights as the simulator's listener has them. */
  static Weights listenerWeights(String name) {
    ServiceRelease sr = get(name);
    Rule rule =
        sandbox
            .aws()
            .elb(target)
            .describeRules(r -> r.ruleArns(sr.getStatus().progressive.productionRuleArn))
            .rules()
            .get(0);
    return WeightActions.observed(
            rule,
            sr.getSpec().service.loadBalancers.get(0).targetGroupArn,
            sr.getStatus().progressive.alternateTargetGroupArn)
        .orElseThrow();
  }

  static List<String> ruleArns(Setup s) {
    return sandbox
        .aws()
        .elb(target)
        .describeRules(r -> r.listenerArn(s.listener()))
        .rules()
        .stream()
        .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
        .map(Rule::ruleArn)
        .toList();
  }

  static Map<String, Long> servedAfterReset(Setup s, String shape) {
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    return served(s, shape);
  }

  static Map<String, Long> served(Setup s, String shape) {
    return sandbox.aws().traffic().byTaskDefinition(s.listener(), shape);
  }

  static double share(Map<String, Long> served, String revision) {
    long all = served.values().stream().mapToLong(Long::longValue).sum();
    return (double) served.getOrDefault(revision, 0L) / all;
  }

  static long modifyRules() {
    return calls("elasticloadbalancing", "ModifyRule");
  }

  static long calls(String service, String operation) {
    return sandbox.aws().calls(service, operation).accepted();
  }

  static Service service(String name) {
    return sandbox
        .aws()
        .ecs(target)
        .describeServices(r -> r.cluster("core").services(name))
        .services()
        .get(0);
  }

  static boolean serviceIsGone(String name) {
    List<Service> found =
        sandbox
            .aws()
            .ecs(target)
            .describeServices(r -> r.cluster("core").services(name))
            .services();
    return found.isEmpty() || "INACTIVE".equals(found.get(0).status());
  }

  static String revision(String name) {
    return get(name).getStatus().taskDefinitionArn;
  }

  static void deleteWithDeletePolicy(String name) {
    ServiceRelease withDelete = get(name);
    withDelete.getSpec().deletionPolicy = ServiceReleaseSpec.DeletionPolicy.Delete;
    apply(withDelete);
    delete(name);
  }

  static ServiceRelease apply(ServiceRelease sr) {
    Resource<ServiceRelease> r = resource(sr.getMetadata().getName());
    if (r.get() == null) return r.create(sr);
    return StaleCopies.retrying(
        () ->
            r.edit(
                existing -> {
                  existing.setSpec(sr.getSpec());
                  return existing;
                }));
  }

  static void annotate(String name, String key, String value) {
    StaleCopies.retrying(
        () ->
            resource(name)
                .edit(
                    existing -> {
                      existing.getMetadata().getAnnotations().put(key, value);
                      return existing;
                    }));
  }

  static void delete(String name) {
    resource(name).delete();
    await().atMost(Duration.ofSeconds(90)).until(() -> get(name) == null);
  }

  static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  static ServiceRelease get(String name) {
    return resource(name).get();
  }

  static List<String> events(String name) {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  static ServiceRelease awaitStep(String name, String image, Phase phase, int step) {
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease c = get(name);
              assertThat(c.getStatus()).isNotNull();
              boolean there =
                  c.getMetadata().getGeneration().equals(c.getStatus().observedGeneration)
                      && Objects.equals(image, c.getStatus().desiredImage)
                      && c.getStatus().phase == phase
                      && c.getStatus().progressive != null
                      && Objects.equals(step, c.getStatus().progressive.step);
              assertThat(there)
                  .as(
                      "%s should be %s at step %d; is %s: %s",
                      name, phase, step, c.getStatus().phase, c.getStatus().message)
                  .isTrue();
            });
    return get(name);
  }

  static ServiceRelease awaitPhase(String name, Phase phase, String image, Duration max) {
    await()
        .atMost(max)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease c = get(name);
              assertThat(c).as(name).isNotNull();
              assertThat(c.getStatus()).as("status of " + name).isNotNull();
              boolean current =
                  c.getMetadata().getGeneration().equals(c.getStatus().observedGeneration)
                      && Objects.equals(image, c.getStatus().desiredImage);
              assertThat(current && c.getStatus().phase == phase)
                  .as(
                      "%s should be %s for %s; is %s (desired %s): %s",
                      name,
                      phase,
                      image,
                      c.getStatus().phase,
                      c.getStatus().desiredImage,
                      c.getStatus().message)
                  .isTrue();
            });
    return get(name);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
