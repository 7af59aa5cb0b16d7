package dev.slipway.environment.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.aws.OpenSearchHttp;
import dev.slipway.aws.OpenSearchHttpException;
import dev.slipway.aws.OpenSearchRestPort.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pure parts of the OpenSearch refresh: which snapshot, how errors are sorted, short lists. */
class OpenSearchStepsTest {

  @Test
  void theNewestSuccessSnapshotIsPickedOptionallyByNamePrefix() {
    List<Snapshot> all =
        List.of(
            snap("nightly-1", "SUCCESS", 100),
            snap("weekly-1", "SUCCESS", 400),
            snap("nightly-2", "FAILED", 200),
            snap("nightly-3", "SUCCESS", 300),
            snap("nightly-4", "PARTIAL", 500),
            snap("nightly-5", "IN_PROGRESS", 0));
    assertThat(SnapshotChoice.latestGood(all, "latest"))
        .get()
        .extracting(Snapshot::name)
        .isEqualTo("weekly-1");
    assertThat(SnapshotChoice.latestGood(all, null))
        .get()
        .extracting(Snapshot::name)
        .isEqualTo("weekly-1");
    assertThat(SnapshotChoice.latestGood(all, "nightly-"))
        .get()
        .extracting(Snapshot::name)
        .isEqualTo("nightly-3");
    assertThat(SnapshotChoice.latestGood(all, "monthly-")).isEmpty();
    assertThat(SnapshotChoice.latestGood(List.of(snap("a", "FAILED", 1)), "latest")).isEmpty();
  }

  @Test
  void aSnapshotOfANewerOpenSearchIsRecognisedBeforeAnythingIsDeleted() {
    assertThat(SnapshotChoice.newer("2.14.0", "OpenSearch_2.13")).isTrue();
    assertThat(SnapshotChoice.newer("3.0.0", "OpenSearch_2.19")).isTrue();
    assertThat(SnapshotChoice.newer("2.13.0", "OpenSearch_2.13")).isFalse();
    assertThat(SnapshotChoice.newer("1.3.0", "OpenSearch_2.13")).isFalse();
    // Elasticsearch's snapshots (no OpenSearch version) and domains: the restore judges those.
    assertThat(SnapshotChoice.newer(null, "OpenSearch_2.13")).isFalse();
    assertThat(SnapshotChoice.newer("2.14.0", "Elasticsearch_7.10")).isFalse();
  }

  @Test
  void domainAnswersAreSortedByWhatTheyNeed() {
    // Throttled or the load balancer failing: time.
    assertThat(
            kind(429, "{\"error\":{\"type\":\"rejected_execution_exception\",\"reason\":\"r\"}}"))
        .isEqualTo(ErrorKind.WAIT_AND_RETRY);
    assertThat(kind(503, "{\"message\":\"Service Unavailable\"}"))
        .isEqualTo(ErrorKind.WAIT_AND_RETRY);
    // IAM or the role mapping: a person.
    assertThat(kind(403, "{\"Message\":\"User: x is not authorized to perform: es:ESHttpPut\"}"))
        .isEqualTo(ErrorKind.FIX_AND_RETRY);
    // The repository role cannot read the bucket (a 500 that no retry mends by itself).
    assertThat(kind(500, envelope("repository_verification_exception")))
        .isEqualTo(ErrorKind.FIX_AND_RETRY);
    // A restore OpenSearch refuses is a 500 too, and final.
    assertThat(kind(500, envelope("snapshot_restore_exception"))).isEqualTo(ErrorKind.FATAL);
    assertThat(kind(400, "{\"error\":\"no handler found for uri [/x] and method [GET]\"}"))
        .isEqualTo(ErrorKind.FATAL);
    assertThat(kind(404, envelope("index_not_found_exception"))).isEqualTo(ErrorKind.FATAL);
  }

  @Test
  void errorsCarryOpenSearchsTypeAndReasonOrTheFrontDoorsStatus() {
    OpenSearchHttpException e =
        OpenSearchHttpException.of(
            "RestoreSnapshot", response(500, envelope("snapshot_restore_exception")));
    assertThat(e.type()).isEqualTo("snapshot_restore_exception");
    assertThat(e.reason()).isEqualTo("because");
    assertThat(e.statusCode()).isEqualTo(500);
    StepResult r = RefreshErrors.classify(e);
    assertThat(r.errorCode()).isEqualTo("snapshot_restore_exception");
    assertThat(r.detail()).isEqualTo("HTTP 500 from the domain: because");

    OpenSearchHttpException gateway =
        OpenSearchHttpException.of("ClusterHealth", response(502, "<html>Bad Gateway</html>"));
    assertThat(gateway.type()).isNull();
    assertThat(RefreshErrors.classify(gateway).errorCode()).isEqualTo("Http502");
    assertThat(OpenSearchHttpException.of("CatIndices", response(504, "")).reason())
        .isEqualTo("HTTP 504");
    // The front door echoes a malformed Authorization header; its signature goes nowhere.
    String echoed =
        "{\"message\":\"Authorization header requires 'SignedHeaders' parameter."
            + " Authorization=AWS4-HMAC-SHA256 Credential=AKID/20301201/eu-west-1/es/aws4_request,"
            + " Signature=0123456789abcdef\"}";
    assertThat(OpenSearchHttpException.of("CatIndices", response(403, echoed)).getMessage())
        .contains("Signature=(redacted)")
        .doesNotContain("0123456789abcdef");
  }

  @Test
  void longIndexListsAreShortenedInStatus() {
    assertThat(OpenSearchSteps.names(List.of("a", "b"))).isEqualTo("[a, b]");
    List<String> many = IntStream.range(0, 40).mapToObj(i -> "i" + i).toList();
    assertThat(OpenSearchSteps.names(many)).isEqualTo("[i0, i1, i2, i3, i4, … (40 indices)]");
  }

  private static ErrorKind kind(int status, String body) {
    return RefreshErrors.classify(OpenSearchHttpException.of("Op", response(status, body))).error();
  }

  private static String envelope(String type) {
    return "{\"error\":{\"root_cause\":[{\"type\":\""
        + type
        + "\",\"reason\":\"because\"}],\"type\":\""
        + type
        + "\",\"reason\":\"because\"},\"status\":500}";
  }

  private static OpenSearchHttp.Response response(int status, String body) {
    return new OpenSearchHttp.Response(status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Snapshot snap(String name, String state, long end) {
    return new Snapshot(name, state, List.of("orders"), end - 10, end, "2.13.0");
  }
}
