package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** The simulated EventBridge Scheduler API: round trips, idempotency, groups and validation. */
class SchedulerApiTest {
  private final SchedulerFixture f = new SchedulerFixture();
  private final String td = f.register("nightly", "app:1");

  private CreateScheduleRequest.Builder nightly(String name) {
    return SchedulerFixture.schedule(
        name, "cron(0 3 * * ? *)", "Asia/Tokyo", SchedulerFixture.ecsTarget(td, null));
  }

  @Test
  void createGetUpdateDeleteRoundTrip() {
    String arn = f.scheduler.createSchedule(nightly("orders-export").build()).scheduleArn();
    assertThat(arn)
        .isEqualTo("arn:aws:scheduler:eu-west-1:111122223333:schedule/default/orders-export");

    GetScheduleResponse got = f.scheduler.getSchedule(r -> r.name("orders-export"));
    assertThat(got.arn()).isEqualTo(arn);
    assertThat(got.groupName()).isEqualTo("default");
    assertThat(got.scheduleExpression()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(got.scheduleExpressionTimezone()).isEqualTo("Asia/Tokyo");
    assertThat(got.stateAsString()).isEqualTo("ENABLED");
    assertThat(got.flexibleTimeWindow().modeAsString()).isEqualTo("OFF");
    assertThat(got.target().ecsParameters().taskDefinitionArn()).isEqualTo(td);
    // AWS fills in the retry policy a request leaves out.
    assertThat(got.target().retryPolicy().maximumRetryAttempts()).isEqualTo(185);
    assertThat(got.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(86400);
    assertThat(got.actionAfterCompletionAsString()).isEqualTo("NONE");

    f.advance(Duration.ofMinutes(5));
    f.scheduler.updateSchedule(
        r ->
            r.name("orders-export")
                .scheduleExpression("rate(2 hours)")
                .state("DISABLED")
                .description("every two hours")
                .flexibleTimeWindow(w -> w.mode("FLEXIBLE").maximumWindowInMinutes(15))
                .target(
                    SchedulerFixture.ecsTarget(td, null).toBuilder()
                        .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(600))
                        .deadLetterConfig(d -> d.arn(SchedulerFixture.DLQ))
                        .build()));
    GetScheduleResponse updated = f.scheduler.getSchedule(r -> r.name("orders-export"));
    assertThat(updated.scheduleExpression()).isEqualTo("rate(2 hours)");
    // An update replaces every field: the time zone it left out is gone.
    assertThat(updated.scheduleExpressionTimezone()).isNull();
    assertThat(updated.stateAsString()).isEqualTo("DISABLED");
    assertThat(updated.description()).isEqualTo("every two hours");
    assertThat(updated.flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(15);
    assertThat(updated.target().retryPolicy().maximumRetryAttempts()).isEqualTo(3);
    assertThat(updated.target().deadLetterConfig().arn()).isEqualTo(SchedulerFixture.DLQ);
    assertThat(updated.creationDate()).isEqualTo(got.creationDate());
    assertThat(updated.lastModificationDate()).isEqualTo(got.creationDate().plusSeconds(300));

    f.scheduler.deleteSchedule(r -> r.name("orders-export"));
    assertThatThrownBy(() -> f.scheduler.getSchedule(r -> r.name("orders-export")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Schedule orders-export does not exist in group default.");
    assertThatThrownBy(() -> f.scheduler.deleteSchedule(r -> r.name("orders-export")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(
            () ->
                f.scheduler.updateSchedule(
                    r ->
                        r.name("orders-export")
                            .scheduleExpression("rate(1 day)")
                            .flexibleTimeWindow(w -> w.mode("OFF"))
                            .target(SchedulerFixture.ecsTarget(td, null))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aDuplicateNameConflictsUnlessItIsARetryWithTheSameToken() {
    String arn =
        f.scheduler.createSchedule(nightly("report").clientToken("tok-1").build()).scheduleArn();
    // The SDK resends the same token when it retries: same answer, nothing new.
    assertThat(
            f.scheduler
                .createSchedule(nightly("report").clientToken("tok-1").build())
                .scheduleArn())
        .isEqualTo(arn);
    assertThatThrownBy(() -> f.scheduler.createSchedule(nightly("report").build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("Schedule report already exists.")
        .satisfies(e -> assertThat(((ConflictException) e).statusCode()).isEqualTo(409));
    assertThatThrownBy(
            () ->
                f.scheduler.createSchedule(
                    nightly("report").clientToken("tok-1").description("changed").build()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already used with different parameters");
    assertThat(f.scheduler.listSchedules(r -> {}).schedules()).hasSize(1);

    f.scheduler.deleteSchedule(r -> r.name("report").clientToken("del-1"));
    // A retried delete with its token succeeds although the schedule is already gone.
    f.scheduler.deleteSchedule(r -> r.name("report").clientToken("del-1"));
  }

  @Test
  void validationErrorsReadLikeAws() {
    assertInvalid(
        nightly("bad").scheduleExpression("cron(0 3 * * * *)"),
        "Invalid Schedule Expression cron(0 3 * * * *). cron: day-of-month and day-of-week"
            + " cannot both be specified; use ? in one");
    assertInvalid(
        nightly("bad").scheduleExpression("rate(1 hours)"),
        "Invalid Schedule Expression rate(1 hours). rate: a value of 1 takes the singular unit");
    assertInvalid(
        nightly("bad").scheduleExpressionTimezone("Tokyo"),
        "Invalid Schedule Expression Timezone Tokyo.");
    assertInvalid(
        nightly("bad name"),
        "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint:"
            + " Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$");
    assertInvalid(
        nightly("bad").flexibleTimeWindow((FlexibleTimeWindow) null),
        "Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null");
    assertInvalid(
        nightly("bad").flexibleTimeWindow(w -> w.mode("FLEXIBLE")),
        "at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint");
    assertInvalid(
        nightly("bad")
            .target(
                SchedulerFixture.ecsTarget(td, null).toBuilder().roleArn("scheduler-role").build()),
        "Value 'scheduler-role' at 'target.roleArn' failed to satisfy constraint");
    assertInvalid(
        nightly("bad")
            .target(
                SchedulerFixture.ecsTarget(td, null).toBuilder()
                    .ecsParameters(e -> e.taskDefinitionArn(td).taskCount(11))
                    .build()),
        "Value '11' at 'target.ecsParameters.taskCount' failed to satisfy constraint:"
            + " Member must have value between 1 and 10");
    Instant now = f.clock.instant();
    assertInvalid(
        nightly("bad").startDate(now.plusSeconds(7200)).endDate(now.plusSeconds(3600)),
        "The StartDate must come before the EndDate.");
    assertInvalid(
        nightly("bad").endDate(now.minusSeconds(1)), "The EndDate must be in the future.");
    assertThatThrownBy(() -> f.scheduler.createSchedule(nightly("ok").groupName("batches").build()))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Schedule group batches does not exist.");
    assertThat(f.scheduler.listSchedules(r -> {}).schedules()).isEmpty();
  }

  private void assertInvalid(CreateScheduleRequest.Builder request, String message) {
    assertThatThrownBy(() -> f.scheduler.createSchedule(request.build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(message)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));
  }

  @Test
  void groupsCarryTagsListFiltersAndDeletingAGroupDeletesItsSchedules() {
    String groupArn =
        f.scheduler
            .createScheduleGroup(
                r ->
                    r.name("slipway")
                        .tags(Tag.builder().key("slipway.dev/owner").value("x").build()))
            .scheduleGroupArn();
    assertThat(groupArn)
        .isEqualTo("arn:aws:scheduler:eu-west-1:111122223333:schedule-group/slipway");
    assertThat(f.scheduler.listTagsForResource(r -> r.resourceArn(groupArn)).tags())
        .extracting(Tag::key)
        .containsExactly("slipway.dev/owner");
    assertThatThrownBy(() -> f.scheduler.createScheduleGroup(r -> r.name("slipway")))
        .isInstanceOf(ConflictException.class);

    f.scheduler.createSchedule(nightly("a-export").groupName("slipway").build());
    f.scheduler.createSchedule(nightly("a-import").groupName("slipway").state("DISABLED").build());
    f.scheduler.createSchedule(nightly("b-export").build());
    assertThat(f.scheduler.listSchedules(r -> r.groupName("slipway")).schedules())
        .extracting(ScheduleSummary::name)
        .containsExactly("a-export", "a-import");
    assertThat(f.scheduler.listSchedules(r -> r.namePrefix("a-").state("ENABLED")).schedules())
        .extracting(ScheduleSummary::name)
        .containsExactly("a-export");
    var firstPage = f.scheduler.listSchedules(r -> r.maxResults(2));
    assertThat(firstPage.schedules()).hasSize(2);
    assertThat(f.scheduler.listSchedules(r -> r.nextToken(firstPage.nextToken())).schedules())
        .extracting(ScheduleSummary::name)
        .containsExactly("b-export");
    assertThat(firstPage.schedules().get(0).target().arn()).isEqualTo(SchedulerFixture.CLUSTER_ARN);

    f.scheduler.deleteScheduleGroup(r -> r.name("slipway"));
    assertThat(f.scheduler.listSchedules(r -> {}).schedules())
        .extracting(ScheduleSummary::name)
        .containsExactly("b-export");
    assertThatThrownBy(() -> f.scheduler.deleteScheduleGroup(r -> r.name("default")))
        .isInstanceOf(ValidationException.class);
    assertThat(f.sim.calls("scheduler", "CreateSchedule").received()).isEqualTo(3);
  }
}
