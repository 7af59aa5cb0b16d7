package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceSpec;
import dev.slipway.api.v1alpha1.StrategySpec;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.RequestShape;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * ECS-native blue/green, canary and linear releases end to end in the sandbox: Slipway creates the
 * second target group and its rules, ECS (the simulator) moves traffic, and a person (an
 * annotation) or the automatic conditions promote. Clients from the public Internet and from the
 * office send requests through the listener the whole time; none may reach an empty or unhealthy
 * target group.
 */
class BlueGreenReleaseIT {
  static final String OFFICE = "203.0.113.0/24";
  static final RequestShape PUBLIC = RequestShape.of("public").withSourceIp("198.51.100.7");
  static final RequestShape OFFICE_USER = RequestShape.of("office").withSourceIp("203.0.113.10");
  static final String ROLE = "arn:aws:iam::" + Releases.ACCOUNT + ":role/ecs-infrastructure";

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
    assertThat(sandbox.aws().traffic().foreignActionWritesDuringDeployment()).isZero();
  }

  @Test
  void officeSeesTheNewRevisionFirstAndAPromotionMovesProduction() {
    Setup s = setup("bg", 8081);
    apply(blueGreen("bg", "repo/app:v1", s));
    awaitPhase("bg", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("bg");
    s.startTraffic();

    apply(blueGreen("bg", "repo/app:v2", s));
    ServiceRelease waiting =
        awaitPhase("bg", Phase.AwaitingPromotion, "repo/app:v2", Duration.ofSeconds(120));
    String v2 = waiting.getStatus().history.get(0).taskDefinitionArn;
    assertThat(waiting.getStatus().message).contains("kubectl slipway promote bg");
    assertThat(waiting.getStatus().progressive.alternateTargetGroupArn).isNotNull();
    assertThat(waiting.getStatus().progressive.testRuleArn).isNotNull();

    // While it waits: the office reaches only v2, everyone else only v1.
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "office")).containsOnlyKeys(v2);
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    // Nothing moves without a decision.
    sleep(Duration.ofSeconds(3));
    assertThat(get("bg").getStatus().phase).isEqualTo(Phase.AwaitingPromotion);

    annotate("bg", ReleaseAnnotations.PROMOTE_ANNOTATION, "p1");
    awaitPhase("bg", Phase.Ready, "repo/app:v2", Duration.ofSeconds(120));
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(v2);
    assertThat(served(s, "office")).containsOnlyKeys(v2);
    assertThat(events("bg")).contains("Promoted", "DeployAwaitingPromotion", "DeploySucceeded");
    ServiceRelease done = get("bg");
    assertThat(done.getStatus().history.get(0).result).isEqualTo("Succeeded");
    assertThat(done.getStatus().progressive.promoteAcknowledged).isEqualTo("p1");
    // One deployment per release: the create, and v2's update.
    assertThat(deployments("bg")).isEqualTo(2);
    s.stopTraffic();
    deleteAndCheckPiecesGone("bg", done);
  }

  @Test
  void abortWhileAwaitingPromotionAndDuringBakePutsTheOldRevisionBack() {
    Setup s = setup("ab", 8082);
    apply(blueGreen("ab", "repo/app:v1", s));
    awaitPhase("ab", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("ab");
    s.startTraffic();

    apply(blueGreen("ab", "repo/app:v2", s));
    awaitPhase("ab", Phase.AwaitingPromotion, "repo/app:v2", Duration.ofSeconds(120));
    annotate("ab", ReleaseAnnotations.ABORT_ANNOTATION, "a1");
    ServiceRelease aborted =
        awaitPhase("ab", Phase.Aborted, "repo/app:v2", Duration.ofSeconds(120));
    assertThat(aborted.getStatus().history.get(0).result).isEqualTo("Aborted");
    assertThat(aborted.getStatus().image).isEqualTo("repo/app:v1");
    assertThat(events("ab")).contains("Aborting", "DeployAborted");
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "office")).containsOnlyKeys(v1);
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    // Aborted stays aborted: no new deployment of the same spec.
    int before = deployments("ab");
    sleep(Duration.ofSeconds(3));
    assertThat(deployments("ab")).isEqualTo(before);

    // During the bake: production already moved; an abort moves it back at once.
    ServiceRelease v3 = blueGreen("ab", "repo/app:v3", s);
    v3.getSpec().strategy.blueGreen.bakeTimeMinutes = 30;
    apply(v3);
    awaitPhase("ab", Phase.AwaitingPromotion, "repo/app:v3", Duration.ofSeconds(120));
    annotate("ab", ReleaseAnnotations.PROMOTE_ANNOTATION, "p1");
    awaitPhase("ab", Phase.Baking, "repo/app:v3", Duration.ofSeconds(120));
    annotate("ab", ReleaseAnnotations.ABORT_ANNOTATION, "a2");
    awaitPhase("ab", Phase.Aborted, "repo/app:v3", Duration.ofSeconds(120));
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    s.stopTraffic();
    delete("ab");
  }

  @Test
  void abortAfterAnEarlierPromotionStillPutsThePromotedRevisionBack() {
    Setup s = setup("ab2", 8087);
    apply(blueGreen("ab2", "repo/app:v1", s));
    awaitPhase("ab2", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();
    apply(blueGreen("ab2", "repo/app:v2", s));
    awaitPhase("ab2", Phase.AwaitingPromotion, "repo/app:v2", Duration.ofSeconds(120));
    annotate("ab2", ReleaseAnnotations.PROMOTE_ANNOTATION, "p1");
    awaitPhase("ab2", Phase.Ready, "repo/app:v2", Duration.ofSeconds(120));
    String v2 = revision("ab2");

    apply(blueGreen("ab2", "repo/app:v3", s));
    awaitPhase("ab2", Phase.AwaitingPromotion, "repo/app:v3", Duration.ofSeconds(120));
    annotate("ab2", ReleaseAnnotations.ABORT_ANNOTATION, "a1");
    awaitPhase("ab2", Phase.Aborted, "repo/app:v3", Duration.ofSeconds(120));
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(v2);
    assertThat(served(s, "office")).containsOnlyKeys(v2);
    s.stopTraffic();
    delete("ab2");
  }

  @Test
  void abortBeforeAnyTrafficMovedStopsTheDeployment() {
    Setup s = setup("early", 8089);
    apply(blueGreen("early", "repo/app:v1", s));
    awaitPhase("early", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("early");
    s.startTraffic();
    apply(blueGreen("early", "repo/app:v2", s));
    // Set at once: it acts on the deployment as soon as there is one, before any traffic shift.
    annotate("early", ReleaseAnnotations.ABORT_ANNOTATION, "now");
    ServiceRelease aborted =
        awaitPhase("early", Phase.Aborted, "repo/app:v2", Duration.ofSeconds(120));
    assertThat(aborted.getStatus().progressive.abortAcknowledged).isEqualTo("now");
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    assertThat(served(s, "office")).containsOnlyKeys(v1);
    s.stopTraffic();
    delete("early");
  }

  @Test
  void aForeignRuleOnTheServicesTargetGroupStopsTheReleaseBeforeAnyEcsWrite() {
    Setup s = setup("foreign", 8090);
    ElasticLoadBalancingV2Client elb = sandbox.aws().elb(target);
    String handMade =
        elb.createRule(
                r ->
                    r.listenerArn(s.listener())
                        .priority(5)
                        .conditions(
                            c -> c.field("path-pattern").pathPatternConfig(p -> p.values("/api/*")))
                        .actions(a -> a.type("forward").targetGroupArn(s.targetGroup())))
            .rules()
            .get(0)
            .ruleArn();
    apply(blueGreen("foreign", "repo/app:v1", s));
    ServiceRelease refused =
        awaitPhase("foreign", Phase.Failed, "repo/app:v1", Duration.ofSeconds(60));
    assertThat(refused.getStatus().message).contains("priority 5").contains("emptied target group");
    assertThat(
            sandbox
                .aws()
                .ecs(target)
                .describeServices(r -> r.cluster("core").services("foreign"))
                .services())
        .as("no ECS service was created")
        .isEmpty();

    elb.deleteRule(r -> r.ruleArn(handMade));
    ServiceRelease again = blueGreen("foreign", "repo/app:v1", s);
    again.getSpec().service.desiredCount = 3;
    apply(again);
    awaitPhase("foreign", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    delete("foreign");
  }

  @Test
  void aPreviewAddedLaterIsEvaluatedBeforeProduction() {
    Setup s = setup("later", 8091);
    ServiceRelease v1 = blueGreen("later", "repo/app:v1", s);
    v1.getSpec().strategy.traffic.preview = null;
    apply(v1);
    awaitPhase("later", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1Revision = revision("later");
    s.startTraffic();
    ServiceRelease waiting =
        awaitPhase(
            "later",
            Phase.AwaitingPromotion,
            "repo/app:v2",
            Duration.ofSeconds(120),
            () -> apply(blueGreen("later", "repo/app:v2", s)));
    String v2Revision = waiting.getStatus().history.get(0).taskDefinitionArn;
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "office")).containsOnlyKeys(v2Revision);
    assertThat(served(s, "public")).containsOnlyKeys(v1Revision);
    annotate("later", ReleaseAnnotations.ABORT_ANNOTATION, "a1");
    awaitPhase("later", Phase.Aborted, "repo/app:v2", Duration.ofSeconds(120));
    s.stopTraffic();
    delete("later");
  }

  @Test
  void automaticPromotionWaitsForHealthyTargetsAndOkAlarms() {
    Setup s = setup("auto", 8083);
    sandbox.aws().setAlarmState(Releases.ACCOUNT, Releases.REGION, "auto-5xx", "ALARM");
    ServiceRelease v1 = blueGreen("auto", "repo/app:v1", s);
    v1.getSpec().strategy.promotion = new StrategySpec.Promotion();
    v1.getSpec().strategy.promotion.auto = new StrategySpec.Auto();
    v1.getSpec().strategy.promotion.auto.afterSeconds = 60;
    v1.getSpec().strategy.promotion.auto.alarms = List.of("auto-5xx");
    sandbox.aws().setAlarmState(Releases.ACCOUNT, Releases.REGION, "auto-5xx", "OK");
    apply(v1);
    awaitPhase("auto", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();

    // The alarm fires: under Manual mode the release waits, and says why.
    sandbox.aws().setAlarmState(Releases.ACCOUNT, Releases.REGION, "auto-5xx", "ALARM");
    ServiceRelease v2 = blueGreen("auto", "repo/app:v2", s);
    v2.getSpec().strategy.promotion = v1.getSpec().strategy.promotion;
    apply(v2);
    awaitPhase("auto", Phase.AwaitingPromotion, "repo/app:v2", Duration.ofSeconds(120));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(get("auto").getStatus().message).contains("alarms not OK: auto-5xx"));
    sleep(Duration.ofSeconds(3));
    assertThat(get("auto").getStatus().phase).isEqualTo(Phase.AwaitingPromotion);

    sandbox.aws().setAlarmState(Releases.ACCOUNT, Releases.REGION, "auto-5xx", "OK");
    awaitPhase("auto", Phase.Ready, "repo/app:v2", Duration.ofSeconds(120));
    assertThat(events("auto")).contains("Promoted");
    s.stopTraffic();
    delete("auto");
  }

  @Test
  void aRevisionThatNeverGetsHealthyIsRolledBackAndNeverTakesProduction() {
    Setup s = setup("crash", 8084);
    apply(blueGreen("crash", "repo/app:v1", s));
    awaitPhase("crash", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    String v1 = revision("crash");
    s.startTraffic();
    apply(blueGreen("crash", "repo/app:v2-crashloop", s));
    ServiceRelease rolledBack =
        awaitPhase("crash", Phase.RolledBack, "repo/app:v2-crashloop", Duration.ofSeconds(180));
    assertThat(rolledBack.getStatus().history.get(0).result).isEqualTo("RolledBack");
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(v1);
    s.stopTraffic();
    delete("crash");
  }

  @Test
  void canaryAndLinearGoThroughTheirStagesToReady() {
    Setup s = setup("can", 8085);
    ServiceRelease v1 = blueGreen("can", "repo/app:v1", s);
    v1.getSpec().strategy.type = StrategySpec.Type.Canary;
    v1.getSpec().strategy.canary = new StrategySpec.Canary();
    v1.getSpec().strategy.canary.percent = 10.0;
    v1.getSpec().strategy.canary.bakeTimeMinutes = 10;
    v1.getSpec().strategy.canary.finalBakeTimeMinutes = 1;
    v1.getSpec().strategy.promotion = new StrategySpec.Promotion();
    v1.getSpec().strategy.promotion.mode = StrategySpec.Promotion.Mode.Auto;
    apply(v1);
    awaitPhase("can", Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();
    String first = revision("can");
    ServiceRelease v2 = blueGreen("can", "repo/app:v2", s);
    v2.getSpec().strategy = v1.getSpec().strategy;
    apply(v2);
    // The canary stage: about a tenth of the public's requests reach the new revision.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> served(s, "public").size() == 2);
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(1));
    Map<String, Long> split = served(s, "public");
    long total = split.values().stream().mapToLong(Long::longValue).sum();
    long canary = total - split.getOrDefault(first, 0L);
    assertThat((double) canary / total).as("canary share of %s", split).isBetween(0.05, 0.2);
    awaitPhase("can", Phase.Ready, "repo/app:v2", Duration.ofSeconds(180));

    ServiceRelease v3 = blueGreen("can", "repo/app:v3", s);
    v3.getSpec().strategy.type = StrategySpec.Type.Linear;
    v3.getSpec().strategy.linear = new StrategySpec.Linear();
    v3.getSpec().strategy.linear.stepPercent = 50.0;
    v3.getSpec().strategy.linear.stepBakeTimeMinutes = 1;
    v3.getSpec().strategy.linear.finalBakeTimeMinutes = 1;
    v3.getSpec().strategy.promotion = v1.getSpec().strategy.promotion;
    apply(v3);
    awaitPhase("can", Phase.Ready, "repo/app:v3", Duration.ofSeconds(180));
    sandbox.aws().traffic().reset();
    sleep(Duration.ofSeconds(2));
    assertThat(served(s, "public")).containsOnlyKeys(revision("can"));
    s.stopTraffic();
    delete("can");
  }

  @ParameterizedTest
  @EnumSource(
      value = StrategySpec.Type.class,
      names = {"BlueGreen", "Canary", "Linear"})
  void aRestartedOperatorResumesAtEveryStageWithoutASecondDeployment(StrategySpec.Type type) {
    String name = "rs-" + type.name().toLowerCase(java.util.Locale.ROOT);
    Setup s = setup(name, 8100 + type.ordinal());
    apply(ofType(type, blueGreen(name, "repo/app:v1", s)));
    awaitPhase(name, Phase.Ready, "repo/app:v1", Duration.ofSeconds(120));
    s.startTraffic();
    ServiceRelease v2 = ofType(type, blueGreen(name, "repo/app:v2", s));
    v2.getSpec().strategy.blueGreen.bakeTimeMinutes = 5;
    apply(v2);
    Set<Phase> seen = new java.util.LinkedHashSet<>();
    // Restart whenever a new phase shows, so each stage is resumed by a fresh operator.
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              ServiceRelease now = get(name);
              boolean current =
                  Objects.equals(now.getStatus().desiredImage, "repo/app:v2")
                      && now.getMetadata()
                          .getGeneration()
                          .equals(now.getStatus().observedGeneration);
              if (current && seen.add(now.getStatus().phase)) {
                sandbox.stopOperator();
                sandbox.startOperator();
                if (now.getStatus().phase == Phase.AwaitingPromotion) {
                  annotate(name, ReleaseAnnotations.PROMOTE_ANNOTATION, "go");
                }
              }
              return current && now.getStatus().phase == Phase.Ready;
            });
    assertThat(seen).contains(Phase.AwaitingPromotion, Phase.Baking, Phase.Ready);
    assertThat(deployments(name)).isEqualTo(2);
    s.stopTraffic();
    delete(name);
  }

  // --- fixture ---------------------------------------------------------------------------

  /** A target group and a listener of its own for one test's service. */
  record Setup(String targetGroup, String listener) {
    void startTraffic() {
      sandbox.aws().traffic().reset();
      sandbox.aws().traffic().start(listener, List.of(PUBLIC, OFFICE_USER));
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

  static ServiceRelease blueGreen(String name, String image, Setup s) {
    ServiceRelease sr = Releases.web(name, image);
    ServiceSpec.LoadBalancer lb = new ServiceSpec.LoadBalancer();
    lb.targetGroupArn = s.targetGroup();
    lb.containerName = "app";
    lb.containerPort = 8080;
    sr.getSpec().service.loadBalancers = new ArrayList<>(List.of(lb));
    StrategySpec strategy = new StrategySpec();
    strategy.type = StrategySpec.Type.BlueGreen;
    strategy.traffic = new StrategySpec.Traffic();
    strategy.traffic.listenerArn = s.listener();
    strategy.traffic.roleArn = ROLE;
    strategy.traffic.preview = new StrategySpec.RuleConditions();
    strategy.traffic.preview.sourceIps = List.of(OFFICE);
    strategy.blueGreen = new StrategySpec.BlueGreen();
    strategy.blueGreen.bakeTimeMinutes = 1;
    sr.getSpec().strategy = strategy;
    return sr;
  }

  /**
   * The same release with another ECS-native type: canary and linear shapes with short bakes, so
   * each of their stages lasts a few real seconds in the sandbox.
   */
  static ServiceRelease ofType(StrategySpec.Type type, ServiceRelease sr) {
    StrategySpec strategy = sr.getSpec().strategy;
    strategy.type = type;
    if (type == StrategySpec.Type.Canary) {
      strategy.canary = new StrategySpec.Canary();
      strategy.canary.percent = 20.0;
      strategy.canary.bakeTimeMinutes = 2;
      strategy.canary.finalBakeTimeMinutes = 5;
    }
    if (type == StrategySpec.Type.Linear) {
      strategy.linear = new StrategySpec.Linear();
      strategy.linear.stepPercent = 50.0;
      strategy.linear.stepBakeTimeMinutes = 2;
      strategy.linear.finalBakeTimeMinutes = 5;
    }
    return sr;
  }

  static Map<String, Long> served(Setup s, String shape) {
    return sandbox.aws().traffic().byTaskDefinition(s.listener(), shape);
  }

  /** The task definition the release last recorded as running. */
  static String revision(String name) {
    return get(name).getStatus().taskDefinitionArn;
  }

  /** How many ECS service deployments the release's service has had. */
  static int deployments(String name) {
    return sandbox
        .aws()
        .ecs(target)
        .listServiceDeployments(r -> r.cluster("core").service(name))
        .serviceDeployments()
        .size();
  }

  static void deleteAndCheckPiecesGone(String name, ServiceRelease last) {
    ServiceRelease withDelete = get(name);
    withDelete.getSpec().deletionPolicy =
        dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy.Delete;
    apply(withDelete);
    delete(name);
    ElasticLoadBalancingV2Client elb = sandbox.aws().elb(target);
    List<String> rules =
        elb
            .describeRules(r -> r.listenerArn(last.getSpec().strategy.traffic.listenerArn))
            .rules()
            .stream()
            .filter(r -> !Boolean.TRUE.equals(r.isDefault()))
            .map(Rule::ruleArn)
            .toList();
    assertThat(rules).isEmpty();
    assertThatThrownBy(() -> elb.describeTargetGroups(r -> r.names(name + "-alt")))
        .isInstanceOf(TargetGroupNotFoundException.class);
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
    await().atMost(Duration.ofSeconds(60)).until(() -> get(name) == null);
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

  /** Runs {@code change}, then waits for the phase. */
  static ServiceRelease awaitPhase(
      String name, Phase phase, String image, Duration max, Runnable change) {
    change.run();
    return awaitPhase(name, phase, image, max);
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
                      "%s should be %s for %s; is %s (desired %s): %s; conditions %s",
                      name,
                      phase,
                      image,
                      c.getStatus().phase,
                      c.getStatus().desiredImage,
                      c.getStatus().message,
                      c.getStatus().conditions.stream()
                          .map(k -> k.getType() + "=" + k.getStatus() + " " + k.getMessage())
                          .toList())
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
