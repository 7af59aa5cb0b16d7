package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

/** Simulated STS caller identity and Application Auto Scaling targets. */
class StsAndAutoScalingTest {
  private final SimFixture f = new SimFixture();

  @Test
  void callerIsTheDefaultAccountWithoutARoleAndTheRoleAccountWithOne() {
    var plain = f.sim.sts(f.target).getCallerIdentity();
    assertThat(plain.account()).isEqualTo(SimFixture.ACCOUNT);
    assertThat(plain.arn()).isEqualTo("arn:aws:iam::111122223333:user/sandbox");

    var roleTarget =
        new AwsTarget("444455556666", SimFixture.REGION, "arn:aws:iam::444455556666:role/slipway");
    var assumed = f.sim.sts(roleTarget).getCallerIdentity();
    assertThat(assumed.account()).isEqualTo("444455556666");
    assertThat(assumed.arn()).startsWith("arn:aws:sts::444455556666:assumed-role/slipway/");
    assertThat(assumed.userId()).startsWith("AROA");

    // A target claiming one account but using another account's role lands in the role's account.
    var wrong =
        new AwsTarget(
            SimFixture.ACCOUNT, SimFixture.REGION, "arn:aws:iam::444455556666:role/slipway");
    assertThat(f.sim.sts(wrong).getCallerIdentity().account()).isEqualTo("444455556666");
  }

  @Test
  void stateIsSeparatePerAccountAndRegion() {
    var other =
        new AwsTarget("444455556666", SimFixture.REGION, "arn:aws:iam::444455556666:role/slipway");
    assertThat(f.sim.ecs(other).listClusters().clusterArns()).isEmpty();
    assertThat(f.sim.ecs(f.target).listClusters().clusterArns()).hasSize(1);
    assertThat(
            f.sim
                .ecs(new AwsTarget(SimFixture.ACCOUNT, "us-east-1", null))
                .listClusters()
                .clusterArns())
        .isEmpty();
    assertThat(f.sim.ecs(f.target)).isSameAs(f.sim.ecs(f.target));
  }

  @Test
  void assumeRoleReturnsExpiringCredentials() {
    var resp =
        f.sim
            .sts(f.target)
            .assumeRole(
                r ->
                    r.roleArn("arn:aws:iam::444455556666:role/deployer")
                        .roleSessionName("slipway"));
    assertThat(resp.credentials().accessKeyId()).startsWith("ASIA");
    assertThat(resp.credentials().expiration()).isAfter(java.time.Instant.now().plusSeconds(3000));
    assertThat(resp.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::444455556666:assumed-role/deployer/slipway");
  }

  @Test
  void scalableTargetsPoliciesAndScaleHook() {
    f.create("web", f.register("web", "app:1"), 2, false, false);
    ApplicationAutoScalingClient as = f.sim.autoscaling(f.target);
    String resource = "service/apps/web";
    assertThatThrownBy(() -> register(as, "service/apps/ghost", 1, 4))
        .isInstanceOf(ValidationException.class);

    register(as, resource, 3, 6);
    assertThat(f.describe("web").desiredCount()).isEqualTo(3); // moved into [min, max]
    var targets =
        as.describeScalableTargets(
            r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds(resource));
    assertThat(targets.scalableTargets())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.minCapacity()).isEqualTo(3);
              assertThat(t.maxCapacity()).isEqualTo(6);
            });

    var policy =
        as.putScalingPolicy(
            r ->
                r.policyName("cpu")
                    .serviceNamespace(ServiceNamespace.ECS)
                    .resourceId(resource)
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                    .policyType("TargetTrackingScaling")
                    .targetTrackingScalingPolicyConfiguration(
                        c ->
                            c.targetValue(60.0)
                                .predefinedMetricSpecification(
                                    m ->
                                        m.predefinedMetricType(
                                            MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))));
    assertThat(policy.alarms()).hasSize(2);
    assertThat(
            as.describeScalingPolicies(
                    r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource))
                .scalingPolicies())
        .singleElement()
        .satisfies(p -> assertThat(p.policyARN()).isEqualTo(policy.policyARN()));

    assertThat(f.sim.scaleTo(SimFixture.ACCOUNT, SimFixture.REGION, "apps", "web", 10))
        .isEqualTo(6);
    f.advance(Duration.ofMinutes(2));
    assertThat(f.describe("web").runningCount()).isEqualTo(6);
    assertThat(f.describe("web").deployments()).hasSize(1);

    as.deleteScalingPolicy(
        r ->
            r.policyName("cpu")
                .serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
    assertThatThrownBy(
            () ->
                as.deleteScalingPolicy(
                    r ->
                        r.policyName("cpu")
                            .serviceNamespace(ServiceNamespace.ECS)
                            .resourceId(resource)
                            .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)))
        .isInstanceOfSatisfying(
            ObjectNotFoundException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ObjectNotFoundException"));
    as.deregisterScalableTarget(
        r ->
            r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
    assertThat(f.sim.inventory(SimFixture.ACCOUNT, SimFixture.REGION).scalableTargets()).isEmpty();
  }

  private static void register(ApplicationAutoScalingClient as, String resource, int min, int max) {
    as.registerScalableTarget(
        r ->
            r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(min)
                .maxCapacity(max));
  }
}
