package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.AwsTarget;
import dev.slipway.bench.WriteRecorder.Write;
import dev.slipway.sandbox.sim.AwsSimulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/** The recording decorator notes first accepted writes per name, against the simulator. */
class WriteRecorderTest {
  final AwsSimulator sim =
      AwsSimulator.builder().defaultAccountId("111122223333").throttling(false).build();
  final AwsTarget target = new AwsTarget("111122223333", "eu-west-1", null);
  final WriteRecorder recorder = new WriteRecorder(sim);

  @Test
  void recordsTheFirstAcceptedWriteOfEachNameUntilReset() {
    sim.createCluster("111122223333", "eu-west-1", "apps");
    EcsClient ecs = recorder.ecs(target);
    String td =
        ecs.registerTaskDefinition(
                r -> r.family("web").containerDefinitions(c -> c.name("app").image("img:1")))
            .taskDefinition()
            .taskDefinitionArn();
    String arn =
        ecs.createService(r -> r.cluster("apps").serviceName("web").taskDefinition(td))
            .service()
            .serviceArn();
    assertThat(recorder.firstNanos(Write.REGISTER_TASK_DEFINITION, "web")).isPresent();
    assertThat(recorder.firstNanos(Write.CREATE_SERVICE, "web")).isPresent();
    assertThat(recorder.firstNanos(Write.UPDATE_SERVICE, "web")).isEmpty();

    ecs.updateService(UpdateServiceRequest.builder().cluster("apps").service(arn).build());
    long first = recorder.firstNanos(Write.UPDATE_SERVICE, "web").orElseThrow();
    ecs.updateService(UpdateServiceRequest.builder().cluster("apps").service("web").build());
    assertThat(recorder.firstNanos(Write.UPDATE_SERVICE, "web")).contains(first);

    recorder.reset();
    assertThat(recorder.firstNanos(Write.UPDATE_SERVICE, "web")).isEmpty();
    assertThat(recorder.ecs(target)).isSameAs(ecs);
  }
}
