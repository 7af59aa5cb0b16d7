package dev.slipway.sandbox.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.aws.AwsTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.opensearch.model.ResourceNotFoundException;

/**
 * The simulated OpenSearch Service: its configuration API through the SDK interface, and a domain's
 * endpoint through a real HTTP client signing with SigV4, walking the staging refresh (register
 * production's bucket, pick the latest good snapshot, clear the way, restore, wait).
 */
class OpenSearchSimulatorTest {
  private static final String ACCOUNT = "111122223333";
  private static final String REGION = "eu-west-1";
  private static final String BUCKET = "prod-search-snapshots";
  private static final String ROLE = "arn:aws:iam::111122223333:role/TheSnapshotRole";

  private final SimClock clock = SimClock.manual(Instant.parse("2030-01-01T06:00:00Z"));
  private final AwsSimulator sim =
      AwsSimulator.builder()
          .clock(clock)
          .defaultAccountId(ACCOUNT)
          .throttling(false)
          .seed(3)
          .build();
  private final String endpoint =
      sim.seedOpenSearchDomain(ACCOUNT, REGION, "staging", "OpenSearch_2.13");
  private final SignedHttp http = new SignedHttp(endpoint, REGION);

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void unsignedOrMisScopedRequestsAreRefusedAndSignedOnesServed() {
    var unsigned = http.unsigned("GET", "/_cluster/health");
    assertThat(unsigned.status()).isEqualTo(403);
    assertThat(unsigned.json().get("Message").asText())
        .isEqualTo("User: anonymous is not authorized to perform: es:ESHttpGet");

    var signed = http.get("/_cluster/health");
    assertThat(signed.status()).isEqualTo(200);
    assertThat(signed.json().get("cluster_name").asText()).isEqualTo(ACCOUNT + ":staging");

    var otherRegion = new SignedHttp(endpoint, "us-east-1").get("/_cluster/health");
    assertThat(otherRegion.status()).isEqualTo(403);
    assertThat(otherRegion.json().get("message").asText())
        .contains("valid region, not 'us-east-1'");

    var serverless = new SignedHttp(endpoint, REGION, "aoss").get("/_cluster/health");
    assertThat(serverless.status()).isEqualTo(403);
    assertThat(serverless.json().get("message").asText()).contains("correct service: 'es'");

    // Host left out of the signed headers: the signature no longer covers where it was sent.
    var noHost =
        http.send(
            "GET",
            "/_cluster/health",
            null,
            r ->
                withAuthorization(
                    r,
                    r.firstMatchingHeader("Authorization")
                        .orElseThrow()
                        .replace("SignedHeaders=host;", "SignedHeaders=")));
    assertThat(noHost.status()).isEqualTo(403);
    assertThat(noHost.json().get("message").asText()).contains("'host' must be a 'SignedHeader'");
  }

  @Test
  void aBodyChangedAfterSigningOrAStaleSignatureIsRefused() {
    var edited =
        http.sendOtherBody("POST", "/_snapshot/prod/s/_restore", "{}", "{\"indices\":\"*\"}");
    assertThat(edited.status()).isEqualTo(403);
    assertThat(edited.json().get("message").asText())
        .contains("signature we calculated does not match");

    // Signing with the simulated clock (2030 here) instead of the wall clock fails, as on AWS.
    var simulatedTime = http.getSignedAt(clock, "/_cluster/health");
    assertThat(simulatedTime.status()).isEqualTo(403);
    assertThat(simulatedTime.json().get("message").asText())
        .startsWith("Signature not yet current");
    var stale =
        http.getSignedAt(
            java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-20)),
            "/_cluster/health");
    assertThat(stale.json().get("message").asText()).startsWith("Signature expired");
  }

  @Test
  void configurationApiDescribesTheSeededDomain() {
    OpenSearchClient os = sim.opensearch(new AwsTarget(ACCOUNT, REGION, null));
    var status = os.describeDomain(r -> r.domainName("staging")).domainStatus();
    assertThat(status.endpoint()).isEqualTo(endpoint).startsWith("127.0.0.1:");
    assertThat(status.arn()).isEqualTo("arn:aws:es:eu-west-1:111122223333:domain/staging");
    assertThat(status.engineVersion()).isEqualTo("OpenSearch_2.13");
    assertThat(status.processing()).isFalse();
    assertThat(os.listDomainNames(r -> {}).domainNames())
        .singleElement()
        .satisfies(d -> assertThat(d.domainName()).isEqualTo("staging"));

    os.addTags(r -> r.arn(status.arn()).tagList(t -> t.key("slipway.dev/owned").value("true")));
    assertThat(os.listTags(r -> r.arn(status.arn())).tagList())
        .singleElement()
        .satisfies(t -> assertThat(t.key()).isEqualTo("slipway.dev/owned"));

    assertThatThrownBy(() -> os.describeDomain(r -> r.domainName("missing")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Domain not found: missing")
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(409));
    // Another region has its own domains.
    assertThat(
            sim.opensearch(new AwsTarget(ACCOUNT, "us-east-1", null))
                .listDomainNames(r -> {})
                .domainNames())
        .isEmpty();
  }

  @Test
  void refreshRestoresTheLatestGoodSnapshotAndTurnsGreenOnTheSimulatedClock() {
    Instant now = clock.instant();
    Map<String, Long> prod = Map.of("orders", 1200L, "customers", 300L, ".kibana_1", 5L);
    sim.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-a", "SUCCESS", prod, now.minus(Duration.ofDays(2)));
    sim.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-b", "SUCCESS", prod, now.minus(Duration.ofDays(1)));
    sim.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-c", "FAILED", prod, now.minus(Duration.ofHours(5)));
    sim.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-d", "SUCCESS", prod, now.plus(Duration.ofMinutes(1)));
    sim.seedOpenSearchSnapshot(
        BUCKET, "nightly", "snap-e", "SUCCESS", prod, now.plus(Duration.ofDays(1)));
    for (String index : List.of("orders", "customers", ".kibana_1", ".opendistro_security")) {
      sim.seedOpenSearchIndex(ACCOUNT, REGION, "staging", index, 7);
    }

    var noRole = http.send("PUT", "/_snapshot/prod", repo(BUCKET, null));
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.json().get("Message").asText()).contains("role_arn is needed");
    var unknownBucket = http.send("PUT", "/_snapshot/nowhere", repo("no-such-bucket", ROLE));
    assertThat(unknownBucket.status()).isEqualTo(500);
    assertThat(type(unknownBucket)).isEqualTo("repository_verification_exception");

    assertThat(http.send("PUT", "/_snapshot/prod", repo(BUCKET, ROLE)).status()).isEqualTo(200);
    assertThat(http.get("/_snapshot/prod").json().at("/prod/settings/readonly").asText())
        .isEqualTo("true");

    JsonNode listed = http.get("/_snapshot/prod/_all").json().get("snapshots");
    assertThat(names(listed)).containsExactly("snap-a", "snap-b", "snap-c", "snap-d");
    assertThat(listed.get(3).get("state").asText()).isEqualTo("IN_PROGRESS");
    assertThat(listed.get(3).has("end_time_in_millis")).isFalse();
    String latest =
        StreamSupport.stream(listed.spliterator(), false)
            .filter(s -> s.get("state").asText().equals("SUCCESS"))
            .max(Comparator.comparingLong(s -> s.get("end_time_in_millis").asLong()))
            .orElseThrow()
            .get("snapshot")
            .asText();
    assertThat(latest).isEqualTo("snap-b");

    String userIndices = "{\"indices\":\"-.kibana*,-.opendistro*\",\"include_global_state\":false}";
    var conflict = http.send("POST", "/_snapshot/prod/snap-b/_restore", userIndices);
    assertThat(conflict.status()).isEqualTo(500);
    assertThat(type(conflict)).isEqualTo("snapshot_restore_exception");
    assertThat(conflict.json().at("/error/reason").asText())
        .contains(
            "cannot restore index [customers] because an open index with same name already exists");

    var everything = http.send("DELETE", "/*", null);
    assertThat(everything.status()).isEqualTo(403);
    assertThat(type(everything)).isEqualTo("security_exception");
    assertThat(http.send("DELETE", "/.kibana_1", null).status()).isEqualTo(403);
    assertThat(sim.openSearchIndices(ACCOUNT, REGION, "staging")).hasSize(4);
    assertThat(http.send("DELETE", "/orders,customers", null).status()).isEqualTo(200);
    assertThat(http.send("DELETE", "/orders", null).status()).isEqualTo(404);

    var accepted = http.send("POST", "/_snapshot/prod/snap-b/_restore", userIndices);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().get("accepted").asBoolean()).isTrue();

    var waiting = http.get("/_cluster/health?wait_for_status=green&timeout=1s");
    assertThat(waiting.status()).isEqualTo(408);
    assertThat(waiting.json().get("timed_out").asBoolean()).isTrue();
    assertThat(waiting.json().get("status").asText()).isEqualTo("red");
    JsonNode cat = http.get("/_cat/indices/orders?format=json").json().get(0);
    assertThat(cat.get("health").asText()).isEqualTo("red");
    assertThat(cat.get("docs.count").isNull()).isTrue();

    List<String> seen = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    while (elapsed.compareTo(Duration.ofMinutes(20)) < 0) {
      clock.advance(Duration.ofSeconds(30));
      elapsed = elapsed.plusSeconds(30);
      String status = http.get("/_cluster/health").json().get("status").asText();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) seen.add(status);
      if (status.equals("green")) break;
    }
    assertThat(seen).containsExactly("red", "yellow", "green");
    assertThat(elapsed).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(15));
    var done = http.get("/_cluster/health?wait_for_status=green&timeout=1s");
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().get("timed_out").asBoolean()).isFalse();

    assertThat(sim.openSearchIndices(ACCOUNT, REGION, "staging"))
        .extracting(
            OpenSearchIndexInfo::name, OpenSearchIndexInfo::docs, OpenSearchIndexInfo::restoredFrom)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(".kibana_1", 7L, null),
            org.assertj.core.groups.Tuple.tuple(".opendistro_security", 7L, null),
            org.assertj.core.groups.Tuple.tuple("customers", 300L, "prod:snap-b"),
            org.assertj.core.groups.Tuple.tuple("orders", 1200L, "prod:snap-b"));
    assertThat(http.get("/orders/_count").json().get("count").asLong()).isEqualTo(1200);
  }

  @Test
  void failedRejectedAndStuckRestoresFailTheWayOpenSearchDoes() {
    Instant then = clock.instant().minus(Duration.ofHours(1));
    Map<String, Long> prod = Map.of("orders", 10L);
    sim.seedOpenSearchSnapshot(BUCKET, "", "failed", "FAILED", prod, then);
    sim.seedOpenSearchSnapshot(
        BUCKET, "", "newer", "SUCCESS", prod, then, OpenSearchRestoreFault.REJECTED);
    sim.seedOpenSearchSnapshot(
        BUCKET, "", "stuck", "SUCCESS", prod, then, OpenSearchRestoreFault.STAYS_RED);
    assertThat(
            http.send(
                    "PUT",
                    "/_snapshot/prod",
                    repo(BUCKET, ROLE).replace("\"base_path\":\"nightly\",", ""))
                .status())
        .isEqualTo(200);

    var failed = http.send("POST", "/_snapshot/prod/failed/_restore", null);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().at("/error/reason").asText())
        .contains("unsupported snapshot state [FAILED]");
    var newer = http.send("POST", "/_snapshot/prod/newer/_restore", null);
    assertThat(newer.json().at("/error/reason").asText())
        .contains(
            "created with OpenSearch version [2.14.0] which is higher than the version of this node [2.13.0]");
    var missing = http.send("POST", "/_snapshot/prod/nope/_restore", null);
    assertThat(missing.json().at("/error/reason").asText())
        .isEqualTo("[prod:nope] snapshot does not exist");

    assertThat(
            http.send("POST", "/_snapshot/prod/stuck/_restore", "{\"indices\":\"orders\"}")
                .status())
        .isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    var health = http.get("/_cluster/health/orders?wait_for_status=yellow");
    assertThat(health.status()).isEqualTo(408);
    assertThat(health.json().get("status").asText()).isEqualTo("red");
    assertThat(http.get("/orders/_count").status()).isEqualTo(503);
  }

  @Test
  void injectedFailuresComeBeforeSuccess() {
    sim.openSearchFailNextRequests("staging", 2, 503);
    assertThat(http.get("/_cluster/health").status()).isEqualTo(503);
    // Injected failures come from in front of the domain, so even an unsigned call meets them.
    assertThat(http.unsigned("GET", "/_cluster/health").status()).isEqualTo(503);
    assertThat(http.get("/_cluster/health").status()).isEqualTo(200);

    sim.openSearchFailNextRequests("staging", 1, 429);
    var throttled = http.get("/_cat/indices?format=json");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(type(throttled)).isEqualTo("rejected_execution_exception");
    assertThat(http.get("/_cat/indices?format=json").status()).isEqualTo(200);
  }

  @Test
  void faultRulesReachTheEndpointPerOperationAndRequestsAreCounted() {
    sim.seedOpenSearchIndex(ACCOUNT, REGION, "staging", "orders", 5);
    sim.seedOpenSearchIndex(ACCOUNT, REGION, "staging", "customers", 5);
    sim.faults().set("es:DeleteIndices", FaultRule.errors(1, FaultKind.SERVICE_UNAVAILABLE));
    sim.faults().set("es:ClusterHealth", FaultRule.errors(1, FaultKind.THROTTLING));

    assertThat(http.send("DELETE", "/orders", null).status()).isEqualTo(503);
    var throttled = http.get("/_cluster/health");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(type(throttled)).isEqualTo("rejected_execution_exception");
    // Other requests are served.
    assertThat(http.get("/_cat/indices?format=json").json()).hasSize(2);
    assertThat(sim.calls("es", "DeleteIndices")).isEqualTo(new CallStats(1, 0, 1));
    assertThat(sim.calls("es", "CatIndices")).isEqualTo(new CallStats(1, 0, 0));

    // A lost response: the index is gone, the caller is told 500.
    sim.faults().set("es:DeleteIndices", FaultRule.lostResponses(1));
    assertThat(http.send("DELETE", "/orders", null).status()).isEqualTo(500);
    assertThat(sim.openSearchIndices(ACCOUNT, REGION, "staging"))
        .extracting(OpenSearchIndexInfo::name)
        .containsExactly("customers");
    assertThat(sim.calls("es", "DeleteIndices")).isEqualTo(new CallStats(2, 0, 2));
  }

  @Test
  void aOneNodeDomainNeverAllocatesReplicas() {
    String single = sim.seedOpenSearchDomain(ACCOUNT, REGION, "tiny", "OpenSearch_2.13", 1);
    sim.seedOpenSearchIndex(ACCOUNT, REGION, "tiny", "orders", 5);
    var health = new SignedHttp(single, REGION).get("/_cluster/health");
    assertThat(health.json().get("status").asText()).isEqualTo("yellow");
    assertThat(health.json().get("unassigned_shards").asInt()).isEqualTo(1);
  }

  @Test
  void closingTheSimulatorStopsTheEndpoints() {
    assertThat(http.get("/").status()).isEqualTo(200);
    sim.close();
    assertThatThrownBy(() -> http.get("/")).isInstanceOf(java.io.UncheckedIOException.class);
  }

  private static SdkHttpRequest withAuthorization(SdkHttpRequest r, String value) {
    return r.toBuilder().putHeader("Authorization", value).build();
  }

  private static String repo(String bucket, String role) {
    return "{\"type\":\"s3\",\"settings\":{\"bucket\":\""
        + bucket
        + "\",\"base_path\":\"nightly\",\"region\":\"eu-west-1\",\"readonly\":true"
        + (role == null ? "" : ",\"role_arn\":\"" + role + "\"")
        + "}}";
  }

  private static String type(SignedHttp.Reply reply) {
    return reply.json().at("/error/type").asText();
  }

  private static List<String> names(JsonNode snapshots) {
    return StreamSupport.stream(snapshots.spliterator(), false)
        .map(s -> s.get("snapshot").asText())
        .toList();
  }
}
