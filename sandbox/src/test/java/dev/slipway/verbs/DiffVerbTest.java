package dev.slipway.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.EcsPort;
import dev.slipway.release.ReleasePlan;
import dev.slipway.release.ReleaseRequests;
import org.junit.jupiter.api.Test;

class DiffVerbTest {
  private final VerbsFixture f = new VerbsFixture().seed(ExampleManifests.full());

  /** Deploys the manifest with the operator's own request builders and ports. */
  private void deploy(String manifest) {
    ServiceRelease sr = ManifestReader.read(manifest).releases().get(0);
    sr.getMetadata().setUid("uid-1");
    ReleasePlan plan = ReleasePlan.of(sr);
    EcsPort ecs = new EcsPort(f.sim, f.calls);
    var tagged = ReleaseRequests.registerTaskDefinition(sr, plan);
    String arn =
        ecs.register(plan.target(), tagged, tagged.tags()).definition().taskDefinitionArn();
    ecs.create(plan.target(), ReleaseRequests.createService(sr, plan.service(), arn, "token-1"));
    ReleaseRequests.autoscaling(sr)
        .ifPresent(
            a -> {
              f.sim.autoscaling(plan.target()).registerScalableTarget(a.target());
              f.sim.autoscaling(plan.target()).putScalingPolicy(a.policy());
            });
  }

  @Test
  void missingServiceWouldBeCreated() {
    VerbResult r = f.diff(ExampleManifests.full());

    assertThat(r.exitCode()).isEqualTo(VerbResult.CHANGES);
    assertThat(r.stdout()).contains("+ would create service bookmark-web in cluster core");
  }

  @Test
  void deployedManifestHasNoChanges() {
    deploy(ExampleManifests.full());

    VerbResult r = f.diff(ExampleManifests.full());

    assertThat(r.stderr()).isEmpty();
    assertThat(r.stdout()).isEqualTo("default/bookmark-web: no changes\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void changedImageShowsTheImageLine() {
    deploy(ExampleManifests.full());

    VerbResult r = f.diff(ExampleManifests.full().replace("bookmark:3f2a9c1", "bookmark:77e0b21"));

    assertThat(r.exitCode()).isEqualTo(VerbResult.CHANGES);
    assertThat(r.stdout())
        .contains(
            "-   containerDefinitions[app].image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:3f2a9c1")
        .contains(
            "+   containerDefinitions[app].image: 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:77e0b21")
        .contains("taskDefinition")
        .doesNotContain("RAILS_ENV");
  }

  @Test
  void changedServiceSettingsShowAsServiceLines() {
    deploy(ExampleManifests.full());

    VerbResult r =
        f.diff(
            ExampleManifests.full()
                .replace("healthCheckGracePeriodSeconds: 60", "healthCheckGracePeriodSeconds: 90"));

    assertThat(r.exitCode()).isEqualTo(VerbResult.CHANGES);
    assertThat(r.stdout())
        .contains("-   healthCheckGracePeriodSeconds: 60")
        .contains("+   healthCheckGracePeriodSeconds: 90")
        .doesNotContain("task definition (new revision");
  }

  @Test
  void wrongAccountIsAnAwsError() {
    VerbsFixture other = new VerbsFixture("999999999999");
    String noRole =
        ExampleManifests.full()
            .replace("    roleArn: arn:aws:iam::123456789012:role/slipway\n", "");

    VerbResult r = other.diff(noRole);

    assertThat(r.exitCode()).isEqualTo(VerbResult.AWS_ERROR);
    assertThat(r.stderr()).contains("credentials are for account 999999999999");
  }
}
