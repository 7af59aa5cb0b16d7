package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Simulated ECS service API: create/update/delete rules, DescribeServices batching and failures.
 */
class ServiceApiTest {
  private final SimFixture f = new SimFixture();

  @Test
  void describeServicesRejectsMoreThanTenNames() {
    List<String> names = IntStream.range(0, 11).mapToObj(i -> "s" + i).toList();
    assertThatThrownBy(
            () -> f.ecs.describeServices(r -> r.cluster(SimFixture.CLUSTER).services(names)))
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterException");
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  @Test
  void unknownServicesComeBackAsMissingFailures() {
    f.create("web", f.register("web", "app:1"), 1, false, false);
    var resp = f.ecs.describeServices(r -> r.cluster(SimFixture.CLUSTER).services("web", "ghost"));
    assertThat(resp.services()).extracting(s -> s.serviceName()).containsExactly("web");
    assertThat(resp.failures())
        .singleElement()
        .satisfies(
            fl -> {
              assertThat(fl.reason()).isEqualTo("MISSING");
              assertThat(fl.arn())
                  .isEqualTo("arn:aws:ecs:eu-west-1:111122223333:service/apps/ghost");
            });
    assertThatThrownBy(() -> f.ecs.describeServices(r -> r.cluster("nope").services("web")))
        .isInstanceOf(ClusterNotFoundException.class);
  }

  @Test
  void createServiceIsIdempotentOnlyWithTheSameClientToken() {
    String td = f.register("web", "app:1");
    var first =
        f.ecs
            .createService(
                r ->
                    r.cluster(SimFixture.CLUSTER)
                        .serviceName("web")
                        .taskDefinition(td)
                        .desiredCount(1)
                        .clientToken("tok-1"))
            .service();
    var again =
        f.ecs
            .createService(
                r ->
                    r.cluster(SimFixture.CLUSTER)
                        .serviceName("web")
                        .taskDefinition(td)
                        .desiredCount(1)
                        .clientToken("tok-1"))
            .service();
    assertThat(again.serviceArn()).isEqualTo(first.serviceArn());
    assertThat(again.createdAt()).isEqualTo(first.createdAt());
    assertThatThrownBy(
            () ->
                f.ecs.createService(
                    r ->
                        r.cluster(SimFixture.CLUSTER)
                            .serviceName("web")
                            .taskDefinition(td)
                            .desiredCount(1)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Creation of service was not idempotent.");
    assertThat(f.ecs.listServices(r -> r.cluster(SimFixture.CLUSTER)).serviceArns()).hasSize(1);
  }

  @Test
  void createServiceValidatesClusterAndTaskDefinition() {
    String td = f.register("web", "app:1");
    assertThatThrownBy(() -> f.create0("nope", "web", td))
        .isInstanceOf(ClusterNotFoundException.class);
    assertThatThrownBy(() -> f.create0(SimFixture.CLUSTER, "web", "missing:1"))
        .isInstanceOf(InvalidParameterException.class);
    f.ecs.deregisterTaskDefinition(r -> r.taskDefinition(td));
    assertThatThrownBy(() -> f.create0(SimFixture.CLUSTER, "web", td))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void deleteServiceRequiresScaleToZeroOrForce() {
    f.create("web", f.register("web", "app:1"), 2, false, false);
    f.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> f.ecs.deleteService(r -> r.cluster(SimFixture.CLUSTER).service("web")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageStartingWith(
            "The service cannot be stopped while it is scaled above 0. (Service: Ecs, Status Code: 400");

    var deleted =
        f.ecs
            .deleteService(r -> r.cluster(SimFixture.CLUSTER).service("web").force(true))
            .service();
    assertThat(deleted.status()).isEqualTo("DRAINING");
    assertThatThrownBy(
            () ->
                f.ecs.updateService(
                    r -> r.cluster(SimFixture.CLUSTER).service("web").desiredCount(1)))
        .isInstanceOf(ServiceNotActiveException.class);

    f.advance(Duration.ofMinutes(1));
    assertThat(f.describe("web").status()).isEqualTo("INACTIVE");
    assertThat(f.describe("web").runningCount()).isZero();
    assertThat(f.ecs.listServices(r -> r.cluster(SimFixture.CLUSTER)).serviceArns()).isEmpty();
    assertThat(f.sim.inventory(SimFixture.ACCOUNT, SimFixture.REGION).services()).isEmpty();

    var recreated = f.create("web", f.register("web", "app:2"), 1, false, false);
    assertThat(recreated.status()).isEqualTo("ACTIVE");
  }

  @Test
  void deleteAfterScalingToZeroNeedsNoForce() {
    f.create("web", f.register("web", "app:1"), 1, false, false);
    f.advance(Duration.ofMinutes(2));
    f.ecs.updateService(r -> r.cluster(SimFixture.CLUSTER).service("web").desiredCount(0));
    f.ecs.deleteService(r -> r.cluster(SimFixture.CLUSTER).service("web"));
    assertThatThrownBy(
            () ->
                f.ecs.updateService(
                    r -> r.cluster(SimFixture.CLUSTER).service("ghost").desiredCount(1)))
        .isInstanceOf(ServiceNotFoundException.class);
  }

  @Test
  void tagsOnServicesAreEditableAndReturnedOnRequest() {
    String arn = f.create("web", f.register("web", "app:1"), 0, false, false).serviceArn();
    f.ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("a").build()));
    f.ecs.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("b").build()));
    assertThat(f.ecs.listTagsForResource(r -> r.resourceArn(arn)).tags())
        .singleElement()
        .satisfies(t -> assertThat(t.value()).isEqualTo("b"));
    var described =
        f.ecs.describeServices(
            r -> r.cluster(SimFixture.CLUSTER).services("web").include(ServiceField.TAGS));
    assertThat(described.services().get(0).tags()).hasSize(1);
    f.ecs.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
    assertThat(f.ecs.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
  }

  @Test
  void awsvpcTaskDefinitionsNeedNetworkConfiguration() {
    f.ecs.registerTaskDefinition(
        r ->
            r.family("web")
                .networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE")
                .cpu("256")
                .memory("512")
                .containerDefinitions(c -> c.name("app").image("app:1")));
    assertThatThrownBy(
            () ->
                f.ecs.createService(
                    r ->
                        r.cluster(SimFixture.CLUSTER)
                            .serviceName("web")
                            .taskDefinition("web")
                            .desiredCount(1)
                            .launchType("FARGATE")))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("Network Configuration must be provided");
    var s =
        f.ecs
            .createService(
                r ->
                    r.cluster(SimFixture.CLUSTER)
                        .serviceName("web")
                        .taskDefinition("web")
                        .desiredCount(1)
                        .launchType("FARGATE")
                        .networkConfiguration(
                            n ->
                                n.awsvpcConfiguration(
                                    a -> a.subnets("subnet-1").securityGroups("sg-1"))))
            .service();
    assertThat(s.platformVersion()).isEqualTo("LATEST");
    assertThat(s.createdBy()).isEqualTo("arn:aws:iam::111122223333:user/sandbox");
  }
}
