package dev.slipway.release;

import static dev.slipway.release.ServiceReleaseIT.apply;
import static dev.slipway.release.ServiceReleaseIT.assertNothingCreated;
import static dev.slipway.release.ServiceReleaseIT.awaitPhase;
import static dev.slipway.release.ServiceReleaseIT.events;
import static dev.slipway.release.ServiceReleaseIT.get;
import static dev.slipway.release.ServiceReleaseIT.resource;
import static dev.slipway.release.ServiceReleaseIT.revisions;
import static dev.slipway.release.ServiceReleaseIT.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DeletionPolicy;
import dev.slipway.api.v1alpha1.ServiceReleaseSpec.DependencyRef;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.ReleaseRecord;
import dev.slipway.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * What status claims and what deletion touches, proven against the AWS simulator: after a rollback
 * status shows what ECS runs; deletion deregisters only revisions whose tags prove this release
 * registered them; a dependsOn cycle is Invalid on every member.
 */
class ReleaseIntegrityIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @BeforeAll
  static void start() {
    ServiceReleaseIT.start();
  }

  @AfterAll
  static void stop() {
    ServiceReleaseIT.stop();
  }

  @Test
  void afterACircuitBreakerRollbackStatusShowsWhatEcsRuns() {
    String good =
        awaitPhase(apply(Releases.web("truth", "repo/app:v1")), Phase.Ready)
            .getStatus()
            .taskDefinitionArn;
    apply(Releases.web("truth", "repo/app:v2-crashloop"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ServiceReleaseStatus s = get("truth").getStatus();
              assertThat(s.phase).isEqualTo(Phase.RolledBack);
              assertThat(s.desiredImage).isEqualTo("repo/app:v2-crashloop");
              assertThat(s.image).as("the image serving traffic").isEqualTo("repo/app:v1");
              assertThat(s.deployment.taskDefinitionArn).isEqualTo(good);
              assertThat(s.deployment.rolloutState).isEqualTo("COMPLETED");
            });
    ServiceReleaseStatus s = get("truth").getStatus();
    assertThat(s.deployment.id).isEqualTo(service("truth").deployments().get(0).id());
    ReleaseRecord failed = s.history.get(0);
    assertThat(failed.result).isEqualTo("RolledBack");
    assertThat(failed.image).isEqualTo("repo/app:v2-crashloop");
    assertThat(failed.taskDefinitionArn).isNotEqualTo(good).isEqualTo(s.taskDefinitionArn);
    assertThat(failed.deploymentId).as("the failed attempt is kept").isNotEqualTo(s.deployment.id);
  }

  @Test
  void afterADeadlineRollbackStatusShowsWhatEcsRuns() {
    String good =
        awaitPhase(apply(Releases.web("late", "repo/app:v1")), Phase.Ready)
            .getStatus()
            .taskDefinitionArn;
    ServiceRelease slow = Releases.web("late", "repo/app:v2-slow");
    slow.getSpec().strategy.progressDeadlineSeconds = 120;
    apply(slow);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ServiceReleaseStatus s = get("late").getStatus();
              assertThat(s.phase).isEqualTo(Phase.RolledBack);
              assertThat(s.image).isEqualTo("repo/app:v1");
              assertThat(s.desiredImage).isEqualTo("repo/app:v2-slow");
              assertThat(s.deployment.taskDefinitionArn).isEqualTo(good);
            });
  }

  @Test
  void deletionDeregistersOnlyRevisionsTaggedAsItsOwn() {
    ServiceRelease sr = Releases.web("owned", "repo/app:v1");
    sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    String own = awaitPhase(apply(sr), Phase.Ready).getStatus().taskDefinitionArn;
    // Revisions in the same family that this release did not register: one untagged, one tagged
    // by another release. A status that lists them (stale, copied or edited) is no proof.
    String untagged = register("owned", List.of());
    String foreign =
        register(
            "owned",
            List.of(
                Tag.builder().key(Tags.MANAGED_BY).value(Tags.MANAGER).build(),
                Tag.builder().key(Tags.OWNER).value("default/someone-else").build()));
    resource("owned")
        .editStatus(
            r -> {
              List<ReleaseRecord> history = new ArrayList<>(r.getStatus().history);
              history.add(record(untagged));
              history.add(record(foreign));
              r.getStatus().history = history;
              return r;
            });

    resource("owned").delete();
    await().atMost(WAIT).until(() -> resource("owned").get() == null);

    assertThat(revisions("owned")).containsExactlyInAnyOrder(untagged, foreign).doesNotContain(own);
    assertThat(events("owned"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("NotDeregistered");
              assertThat(e.getMessage()).contains(untagged).contains(foreign);
            });
  }

  @Test
  void aReleaseInvalidUnderANewerRuleStillTearsDownWhatItOwns() {
    ServiceRelease sr = Releases.web("tightened", "repo/app:v1");
    sr.getSpec().deletionPolicy = DeletionPolicy.Delete;
    awaitPhase(apply(sr), Phase.Ready);
    // As if stored before the Fargate table was enforced: admission would refuse it today.
    sandbox().api().setAdmission(false);
    try {
      resource("tightened")
          .edit(
              r -> {
                r.getSpec().taskDefinition.memory = "0";
                return r;
              });
    } finally {
      sandbox().api().setAdmission(true);
    }
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(get("tightened").getStatus().message).contains("memory 0 does not fit"));

    resource("tightened").delete();
    await().atMost(WAIT).until(() -> resource("tightened").get() == null);

    assertNothingCreated("tightened");
  }

  @Test
  void retainLeavesEveryRevisionAndTheService() {
    awaitPhase(apply(Releases.web("retained", "repo/app:v1")), Phase.Ready);
    apply(Releases.web("retained", "repo/app:v2"));
    ServiceReleaseIT.awaitRelease("retained", "repo/app:v2", Phase.Ready);
    List<String> before = revisions("retained");

    resource("retained").delete();
    await().atMost(WAIT).until(() -> resource("retained").get() == null);

    assertThat(revisions("retained")).containsExactlyInAnyOrderElementsOf(before).hasSize(2);
    assertThat(service("retained").status()).isEqualTo("ACTIVE");
  }

  @Test
  void aDependencyCycleIsInvalidOnEveryMemberUntilItIsBroken() {
    apply(dependsOn(Releases.web("cyc-a", "repo/app:v1"), "cyc-b"));
    apply(dependsOn(Releases.web("cyc-b", "repo/app:v1"), "cyc-a"));
    apply(dependsOn(Releases.web("cyc-c", "repo/app:v1"), "cyc-a"));

    awaitInvalid("cyc-a", "cyc-a → cyc-b → cyc-a");
    awaitInvalid("cyc-b", "cyc-b → cyc-a → cyc-b");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ServiceReleaseStatus c = get("cyc-c").getStatus();
              assertThat(c.phase).as("c is not in the cycle: it waits").isEqualTo(Phase.Pending);
              assertThat(c.message).contains("cyc-a (Failed: Invalid)");
            });
    assertNothingCreated("cyc-a");
    assertNothingCreated("cyc-b");

    // Editing another object breaks the cycle; each member notices on its own next pass.
    resource("cyc-b")
        .edit(
            r -> {
              r.getSpec().dependsOn = new ArrayList<>();
              return r;
            });
    for (String name : List.of("cyc-b", "cyc-a", "cyc-c"))
      await().atMost(WAIT).until(() -> get(name).getStatus().phase == Phase.Ready);
  }

  @Test
  void aSelfDependencyIsRefusedByAdmissionAndInvalidWithoutIt() {
    ServiceRelease self = dependsOn(Releases.web("narcissus", "repo/app:v1"), "narcissus");
    assertThatThrownBy(() -> SandboxReleases.create(sandbox(), self))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.dependsOn")
        .hasMessageContaining("dependency cycle narcissus → narcissus");

    sandbox().api().setAdmission(false);
    try {
      SandboxReleases.create(sandbox(), self);
    } finally {
      sandbox().api().setAdmission(true);
    }
    awaitInvalid("narcissus", "narcissus → narcissus");
    assertNothingCreated("narcissus");
  }

  // --- helpers -------------------------------------------------------------------------------

  private static Sandbox sandbox() {
    return ServiceReleaseIT.sandbox;
  }

  private static void awaitInvalid(String name, String path) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              ServiceReleaseStatus s = get(name).getStatus();
              assertThat(s).isNotNull();
              assertThat(s.phase).isEqualTo(Phase.Failed);
              assertThat(s.conditions)
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getReason()).isEqualTo("Invalid");
                      });
              assertThat(s.message).contains("dependency cycle " + path);
            });
  }

  private static ServiceRelease dependsOn(ServiceRelease sr, String name) {
    DependencyRef ref = new DependencyRef();
    ref.name = name;
    sr.getSpec().dependsOn = new ArrayList<>(List.of(ref));
    return sr;
  }

  private static String register(String family, List<Tag> tags) {
    return sandbox()
        .aws()
        .ecs(ServiceReleaseIT.TARGET)
        .registerTaskDefinition(
            b ->
                b.family(family)
                    .networkMode("awsvpc")
                    .requiresCompatibilitiesWithStrings("FARGATE")
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(c -> c.name("app").image("repo/app:hand-made"))
                    .tags(tags.isEmpty() ? null : tags))
        .taskDefinition()
        .taskDefinitionArn();
  }

  private static ReleaseRecord record(String arn) {
    ReleaseRecord r = new ReleaseRecord();
    r.taskDefinitionArn = arn;
    r.result = "Succeeded";
    return r;
  }
}
