package dev.slipway.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.DeployEvent;
import dev.slipway.api.v1alpha1.NotificationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bodies sent to Mackerel, Slack and webhooks, as their documentation defines them. */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mackerelAnnotationHasTheDocumentedFieldsInEpochSeconds() throws Exception {
    JsonNode body =
        JSON.readTree(
            Payloads.mackerel(Notices.succeeded(), Notices.mackerel("m", null, "k").mackerel));
    assertThat(fields(body))
        .containsExactly("title", "description", "from", "to", "service", "roles");
    assertThat(body.path("title").asText()).isEqualTo("deploy bookmark-web rev 42 Succeeded");
    assertThat(body.path("from").asLong()).isEqualTo(Notices.STARTED.getEpochSecond());
    assertThat(body.path("to").asLong()).isEqualTo(Notices.AT.getEpochSecond());
    assertThat(body.path("from").isIntegralNumber()).isTrue();
    assertThat(body.path("service").asText()).isEqualTo("bookmark");
    assertThat(body.path("roles").toString()).isEqualTo("[\"web\",\"api\"]");
    assertThat(body.path("description").asText())
        .contains("ServiceRelease default/bookmark-web, generation 7")
        .contains("phase: Ready (Released)")
        .contains("task-definition/bookmark-web:42")
        .contains("images: app=repo/app:v2")
        .contains("rolled out bookmark-web:42: 4/4");
  }

  @Test
  void mackerelAnnotatesTheWholeServiceWhenNoRolesAreGiven() throws Exception {
    var spec = Notices.mackerel("m", null, "k").mackerel;
    spec.roles = null;
    assertThat(fields(JSON.readTree(Payloads.mackerel(Notices.succeeded(), spec))))
        .doesNotContain("roles");
    spec.roles = List.of();
    assertThat(fields(JSON.readTree(Payloads.mackerel(Notices.succeeded(), spec))))
        .doesNotContain("roles");
  }

  @Test
  void mackerelKeepsItsLimitsAndNeverStartsAfterItEnds() throws Exception {
    String longMessage = "x".repeat(5000);
    Notice n = Notices.notice(DeployEvent.Failed, "Failed", "PreDeployFailed", longMessage);
    Notice clockSkew =
        new Notice(
            n.id(),
            n.event(),
            n.namespace(),
            "w".repeat(300),
            n.uid(),
            n.generation(),
            n.specHash(),
            n.revision(),
            n.taskDefinitionArn(),
            n.images(),
            n.phase(),
            n.reason(),
            n.message(),
            n.at().plusSeconds(60),
            n.at());
    JsonNode body =
        JSON.readTree(Payloads.mackerel(clockSkew, Notices.mackerel("m", null, "k").mackerel));
    assertThat(body.path("title").asText()).hasSize(250).endsWith("…");
    assertThat(body.path("description").asText()).hasSize(1024).endsWith("…");
    assertThat(body.path("from").asLong()).isEqualTo(body.path("to").asLong());
  }

  @Test
  void titleLeavesOutAnUnknownRevision() {
    Notice n = Notices.succeeded();
    Notice noRevision =
        new Notice(
            n.id(),
            DeployEvent.Started,
            n.namespace(),
            n.name(),
            n.uid(),
            n.generation(),
            n.specHash(),
            null,
            null,
            n.images(),
            "Progressing",
            "ReleaseStarted",
            "releasing",
            n.startedAt(),
            n.at());
    assertThat(Payloads.title(noRevision)).isEqualTo("deploy bookmark-web Started");
  }

  @Test
  void slackMessageIsOnlyTextAndEscapesWhatSlackWouldParse() throws Exception {
    Notice n =
        Notices.notice(
            DeployEvent.RolledBack, "RolledBack", "CircuitBreaker", "<!here> tasks failed & <x|y>");
    JsonNode body = JSON.readTree(Payloads.slack(n));
    assertThat(fields(body)).containsExactly("text");
    assertThat(body.path("text").asText())
        .startsWith("*deploy bookmark-web rev 42 RolledBack* (default/bookmark-web, generation 7)")
        .contains("images: app=repo/app:v2")
        .contains("CircuitBreaker: &lt;!here&gt; tasks failed &amp; &lt;x|y&gt;")
        .doesNotContain("<!here>");
  }

  @Test
  void webhookDocumentHasEveryDocumentedFieldEvenWhenUnknown() throws Exception {
    JsonNode body = JSON.readTree(Payloads.webhook(Notices.succeeded()));
    assertThat(fields(body))
        .containsExactly(
            "id",
            "event",
            "release",
            "specHash",
            "revision",
            "taskDefinitionArn",
            "images",
            "phase",
            "reason",
            "message",
            "startedAt",
            "at");
    assertThat(fields(body.path("release")))
        .containsExactly("namespace", "name", "uid", "generation");
    assertThat(body.path("event").asText()).isEqualTo("Succeeded");
    assertThat(body.path("release").path("generation").asLong()).isEqualTo(7);
    assertThat(body.path("revision").asInt()).isEqualTo(42);
    assertThat(body.path("images").path("app").asText()).isEqualTo("repo/app:v2");
    assertThat(body.path("startedAt").asText()).isEqualTo("2025-03-04T05:06:07Z");
    assertThat(body.path("at").asText()).isEqualTo("2025-03-04T05:10:37.250Z");

    Notice n = Notices.succeeded();
    Notice unknown =
        new Notice(
            n.id(),
            n.event(),
            n.namespace(),
            n.name(),
            n.uid(),
            n.generation(),
            n.specHash(),
            null,
            null,
            Map.of(),
            n.phase(),
            n.reason(),
            n.message(),
            n.startedAt(),
            n.at());
    JsonNode sparse = JSON.readTree(Payloads.webhook(unknown));
    assertThat(sparse.has("revision")).isTrue();
    assertThat(sparse.path("revision").isNull()).isTrue();
    assertThat(sparse.path("taskDefinitionArn").isNull()).isTrue();
  }

  @Test
  void deliveryIdIsStablePerAttemptAndEvent() {
    NotificationRecord r = new NotificationRecord();
    r.event = DeployEvent.Started;
    r.specHash = "abc";
    String first = Notice.idOf("uid", r);
    assertThat(Notice.idOf("uid", r)).isEqualTo(first);
    r.retry = "1";
    assertThat(Notice.idOf("uid", r)).isNotEqualTo(first);
    r.retry = null;
    r.event = DeployEvent.Succeeded;
    assertThat(Notice.idOf("uid", r)).isNotEqualTo(first);
    assertThat(Notice.idOf("other", r)).isNotEqualTo(Notice.idOf("uid", r));
  }

  @Test
  void revisionIsReadFromTheTaskDefinitionArn() {
    assertThat(Notice.revisionOf("arn:aws:ecs:r:1:task-definition/web:7")).isEqualTo(7);
    assertThat(Notice.revisionOf(null)).isNull();
    assertThat(Notice.revisionOf("arn:aws:ecs:r:1:task-definition/web")).isNull();
    assertThat(Instant.parse(Notices.succeeded().at().toString())).isEqualTo(Notices.AT);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
