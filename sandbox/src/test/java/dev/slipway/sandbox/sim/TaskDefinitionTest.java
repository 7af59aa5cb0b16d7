package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Simulated task-definition revisions: numbering per family, describe by family, deregistration.
 */
class TaskDefinitionTest {
  private final SimFixture f = new SimFixture();

  @Test
  void revisionsCountUpPerFamilyEvenAfterDeregistration() {
    String a1 = f.register("api", "app:1");
    String a2 = f.register("api", "app:2");
    String w1 = f.register("worker", "app:1");
    assertThat(a1).isEqualTo("arn:aws:ecs:eu-west-1:111122223333:task-definition/api:1");
    assertThat(a2).endsWith("task-definition/api:2");
    assertThat(w1).endsWith("task-definition/worker:1");

    f.ecs.deregisterTaskDefinition(r -> r.taskDefinition("api:2"));
    assertThat(f.register("api", "app:3")).endsWith("task-definition/api:3");
  }

  @Test
  void describeByFamilyReturnsLatestActiveRevision() {
    f.register("api", "app:1");
    f.register("api", "app:2");
    assertThat(
            f.ecs.describeTaskDefinition(r -> r.taskDefinition("api")).taskDefinition().revision())
        .isEqualTo(2);
    f.ecs.deregisterTaskDefinition(r -> r.taskDefinition("api:2"));
    assertThat(
            f.ecs.describeTaskDefinition(r -> r.taskDefinition("api")).taskDefinition().revision())
        .isEqualTo(1);
    var inactive = f.ecs.describeTaskDefinition(r -> r.taskDefinition("api:2")).taskDefinition();
    assertThat(inactive.statusAsString()).isEqualTo("INACTIVE");
    assertThat(inactive.deregisteredAt()).isNotNull();
    String arn = inactive.taskDefinitionArn();
    assertThat(f.ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().revision())
        .isEqualTo(2);
    assertThatThrownBy(() -> f.ecs.describeTaskDefinition(r -> r.taskDefinition("nope")))
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientException");
              assertThat(e.statusCode()).isEqualTo(400);
            });
  }

  @Test
  void tagsGivenAtRegistrationAreReturnedOnRequest() {
    f.ecs.registerTaskDefinition(
        r ->
            r.family("api")
                .containerDefinitions(
                    ContainerDefinition.builder().name("app").image("a:1").build())
                .tags(Tag.builder().key("owner").value("team-a").build()));
    var plain = f.ecs.describeTaskDefinition(r -> r.taskDefinition("api"));
    assertThat(plain.tags()).isEmpty();
    var tagged =
        f.ecs.describeTaskDefinition(
            r -> r.taskDefinition("api").include(TaskDefinitionField.TAGS));
    assertThat(tagged.tags()).extracting(Tag::key).containsExactly("owner");
  }

  @Test
  void listFiltersByFamilyAndStatusAndPaginates() {
    for (int i = 0; i < 7; i++) f.register("api", "app:" + i);
    f.register("worker", "app:1");
    f.ecs.deregisterTaskDefinition(r -> r.taskDefinition("api:1"));

    var first = f.ecs.listTaskDefinitions(r -> r.familyPrefix("api").maxResults(4));
    assertThat(first.taskDefinitionArns()).hasSize(4).first().asString().endsWith("api:2");
    assertThat(first.nextToken()).isNotNull();
    var second =
        f.ecs.listTaskDefinitions(
            r -> r.familyPrefix("api").maxResults(4).nextToken(first.nextToken()));
    assertThat(second.taskDefinitionArns()).hasSize(2);
    assertThat(second.nextToken()).isNull();

    var inactive = f.ecs.listTaskDefinitions(r -> r.status("INACTIVE"));
    assertThat(inactive.taskDefinitionArns()).singleElement().asString().endsWith("api:1");
    var desc = f.ecs.listTaskDefinitions(r -> r.sort(SortOrder.DESC));
    assertThat(desc.taskDefinitionArns().get(0)).endsWith("worker:1");
  }
}
