package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the revision number out of a task definition ARN. */
class TaskDefinitionStepTest {

  @Test
  void revisionIsTheNumberAfterTheLastColon() {
    assertThat(
            TaskDefinitionStep.revisionOf(
                "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:42"))
        .isEqualTo(42);
    assertThat(
            TaskDefinitionStep.revisionOf(
                "arn:aws:ecs:us-east-1:123456789012:task-definition/my-family_2:1"))
        .isEqualTo(1);
    assertThat(TaskDefinitionStep.revisionOf("web:7")).isEqualTo(7);
  }

  @Test
  void noRevisionGivesNull() {
    assertThat(
            TaskDefinitionStep.revisionOf(
                "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web"))
        .isNull();
    assertThat(TaskDefinitionStep.revisionOf("web")).isNull();
    assertThat(TaskDefinitionStep.revisionOf("web:")).isNull();
    assertThat(TaskDefinitionStep.revisionOf("web:latest")).isNull();
    assertThat(TaskDefinitionStep.revisionOf("")).isNull();
  }
}
