package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.api.v1alpha1.PreflightCheckStatus;
import dev.slipway.api.v1alpha1.PreflightCheckStatus.Result;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.Sandbox;
import dev.slipway.sandbox.sim.CallStats;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.sandbox.sim.S3BucketAccess;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Preflight checks in the release pass, in-process against the simulator's S3 and ECR and a local
 * HTTP server: a check that does not pass stops a release before any ECS write, says which check
 * and why, and the release goes on by itself once what it waits for is there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightIT {
  static final String BUCKET = "slipway-artifacts";
  static final String ECR = Releases.ACCOUNT + ".dkr.ecr." + Releases.REGION + ".amazonaws.com/";

  /** The ECS calls that write a new revision or act on it. */
  static final List<String> ECS_WRITES =
      List.of("RegisterTaskDefinition", "RunTask", "UpdateService", "CreateService");

  static Sandbox sandbox;
  static HttpServer http;
  static final AtomicInteger httpStatus = new AtomicInteger(200);
  static final List<String> httpPaths = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    sandbox
        .aws()
        .createBucket(Releases.ACCOUNT, Releases.REGION, BUCKET, S3BucketAccess.privateBucket());
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/compat",
        ex -> {
          httpPaths.add(ex.getRequestURI().getPath());
          int status = httpStatus.get();
          byte[] body =
              (status == 200
                      ? "compatible"
                      : "schema registry in maintenance\n(token "
                          + ex.getRequestURI().getQuery()
                          + ")")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("X-Registry-Secret", "header-value");
          ex.sendResponseHeaders(status, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
  }

  @AfterAll
  static void stop() {
    if (http != null) http.stop(0);
    if (sandbox != null) sandbox.close();
  }

  @Test
  void presentObjectLetsTheReleaseProceed() {
    putArtifact("present", "v1");
    ServiceRelease sr =
        Releases.withPreflight(
            Releases.web("present", "repo/app:v1"),
            Releases.s3Check("artifact", BUCKET, "present/${imageTag}.tgz"));
    apply(sr);
    ServiceRelease ready = awaitPhase("present", Phase.Ready, "repo/app:v1");
    assertThat(ready.getStatus().preflight)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name).isEqualTo("artifact");
              assertThat(r.result).isEqualTo(Result.Passed);
              assertThat(r.message).isEqualTo("found s3://" + BUCKET + "/present/v1.tgz");
              assertThat(r.specHash).isEqualTo(ready.getStatus().specHash);
              assertThat(r.checkedAt).isNotNull();
            });
    assertThat(events("present")).anySatisfy(e -> reason(e, "PreflightPassed"));

    // Passed for this spec hash: later passes (resyncs every 2 s here, a minute of simulated
    // time each) do not run it again, which would stamp a new checkedAt.
    String checkedAt = ready.getStatus().preflight.get(0).checkedAt;
    sleep(Duration.ofSeconds(5));
    assertThat(get("present").getStatus().preflight.get(0).checkedAt).isEqualTo(checkedAt);
    delete("present");
  }

  @Test
  void missingObjectFailsWithoutAnyEcsWriteAndTheReleaseGoesOnWhenItAppears() {
    putArtifact("bump", "v1");
    apply(s3Release("bump", "repo/app:v1"));
    ServiceRelease v1 = awaitPhase("bump", Phase.Ready, "repo/app:v1");
    String revision = v1.getStatus().taskDefinitionArn;
    Map<String, Long> writes = ecsWrites();

    apply(s3Release("bump", "repo/app:v2"));
    ServiceRelease failed = awaitPhase("bump", Phase.Failed, "repo/app:v2");
    assertThat(reasonOf(failed)).isEqualTo("PreflightFailed");
    assertThat(failed.getStatus().message)
        .startsWith("preflight check artifact failed: missing: s3://" + BUCKET + "/bump/v2.tgz");
    assertThat(failed.getStatus().preflight)
        .singleElement()
        .satisfies(r -> assertThat(r.result).isEqualTo(Result.Failed));
    assertThat(events("bump"))
        .anySatisfy(
            e -> {
              reason(e, "PreflightFailed");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("preflight check artifact failed");
            });

    // The check runs again while the release waits, and nothing is written in the meantime.
    String checkedAt = failed.getStatus().preflight.get(0).checkedAt;
    sleep(Duration.ofSeconds(5));
    assertThat(Instant.parse(get("bump").getStatus().preflight.get(0).checkedAt))
        .as("checked again")
        .isAfter(Instant.parse(checkedAt));
    assertThat(ecsWrites()).as("no ECS write for the failed spec").isEqualTo(writes);
    assertThat(SandboxReleases.revisions(sandbox, "bump")).containsExactly(revision);
    assertThat(serviceRevision("bump")).isEqualTo(revision);

    // CI uploads the artifact: the release proceeds without a spec change.
    putArtifact("bump", "v2");
    ServiceRelease ready = awaitPhase("bump", Phase.Ready, "repo/app:v2");
    assertThat(ready.getStatus().taskDefinitionArn).isNotEqualTo(revision);
    assertThat(ready.getStatus().preflight)
        .singleElement()
        .satisfies(r -> assertThat(r.result).isEqualTo(Result.Passed));
    delete("bump");
  }

  @Test
  void forbiddenIsUnknownNotMissingAndSaysWhatToGrant() {
    sandbox
        .aws()
        .createBucket(
            Releases.ACCOUNT, Releases.REGION, "locked-artifacts", S3BucketAccess.privateBucket());
    sandbox.aws().denyListBucket(Releases.ACCOUNT, "locked-artifacts");
    Map<String, Long> writes = ecsWrites();
    ServiceRelease sr =
        Releases.withPreflight(
            Releases.web("locked", "repo/app:v1"),
            Releases.s3Check("artifact", "locked-artifacts", "locked/${imageTag}.tgz"));
    apply(sr);
    ServiceRelease unknown = awaitPhase("locked", Phase.Failed, "repo/app:v1");
    assertThat(reasonOf(unknown)).isEqualTo("PreflightUnknown");
    assertThat(unknown.getStatus().message)
        .contains(
            "preflight check artifact: s3://locked-artifacts/locked/v1.tgz: cannot tell: 403"
                + " (without s3:ListBucket S3 answers 403 for a missing key too); grant"
                + " s3:ListBucket on the bucket or s3:GetObject");
    assertThat(unknown.getStatus().preflight.get(0).result).isEqualTo(Result.Unknown);
    assertThat(ecsWrites()).isEqualTo(writes);
    assertNothingCreated("locked");

    // Granted s3:ListBucket, S3 can say the object is missing: the release stays Failed, now
    // for a known reason, and an Event says so although the phase did not change.
    sandbox.aws().allowListBucket(Releases.ACCOUNT, "locked-artifacts");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(reasonOf(get("locked"))).isEqualTo("PreflightFailed"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events("locked"))
                    .anySatisfy(
                        e -> {
                          reason(e, "PreflightFailed");
                          assertThat(e.getMessage())
                              .contains("missing: s3://locked-artifacts/locked/v1.tgz");
                        }));
    assertThat(ecsWrites()).isEqualTo(writes);
    delete("locked");
  }

  @Test
  void httpGetPassesOn200AndFailsOn503WithAnExcerptButNoSecret() {
    String url =
        "http://127.0.0.1:" + http.getAddress().getPort() + "/compat/${imageTag}?token=s3cr3t-tk";
    httpStatus.set(200);
    apply(httpRelease("schema", "repo/app:v1", url));
    ServiceRelease ready = awaitPhase("schema", Phase.Ready, "repo/app:v1");
    assertThat(httpPaths).contains("/compat/v1");
    PreflightCheckStatus passed = ready.getStatus().preflight.get(0);
    assertThat(passed.result).isEqualTo(Result.Passed);
    assertThat(passed.message)
        .isEqualTo(
            "GET http://127.0.0.1:"
                + http.getAddress().getPort()
                + "/compat/v1?<redacted> answered 200");
    Map<String, Long> writes = ecsWrites();

    httpStatus.set(503);
    apply(httpRelease("schema", "repo/app:v2", url));
    ServiceRelease failed = awaitPhase("schema", Phase.Failed, "repo/app:v2");
    assertThat(reasonOf(failed)).isEqualTo("PreflightFailed");
    assertThat(failed.getStatus().message)
        .contains("preflight check registry failed: GET http://127.0.0.1:")
        .contains(
            "/compat/v2?<redacted> answered 503 (expected 2xx): schema registry in"
                + " maintenance (token <redacted>)");
    assertThat(httpPaths).contains("/compat/v2");
    assertThat(ecsWrites()).isEqualTo(writes);
    String everything =
        Serialization.asJson(get("schema").getStatus())
            + events("schema").stream().map(Event::getMessage).toList();
    assertThat(everything).doesNotContain("s3cr3t").doesNotContain("header-value");

    httpStatus.set(200);
    awaitPhase("schema", Phase.Ready, "repo/app:v2");
    delete("schema");
  }

  @Test
  void missingEcrImageFailsNamingTheImage() {
    sandbox.aws().references(Releases.ACCOUNT).image(Releases.REGION, "web", "v0");
    String image = ECR + "web:v1";
    Map<String, Long> writes = ecsWrites();
    ServiceRelease sr =
        Releases.withPreflight(
            Releases.web("ecr-missing", image), Releases.ecrCheck("image", null));
    apply(sr);
    ServiceRelease failed = awaitPhase("ecr-missing", Phase.Failed, image);
    assertThat(reasonOf(failed)).isEqualTo("PreflightFailed");
    assertThat(failed.getStatus().message)
        .startsWith("preflight check image failed: image not found in ECR: " + image);
    assertThat(ecsWrites()).isEqualTo(writes);
    assertNothingCreated("ecr-missing");

    // CI pushes the image.
    sandbox.aws().references(Releases.ACCOUNT).image(Releases.REGION, "web", "v1");
    ServiceRelease ready = awaitPhase("ecr-missing", Phase.Ready, image);
    assertThat(ready.getStatus().preflight.get(0).message).isEqualTo("found " + image);
    delete("ecr-missing");
  }

  @Test
  @Order(1) // first, while no other release calls AWS: then every counter must stand still
  void unknownPlaceholderIsInvalidWithoutAnyAwsCall() {
    Map<String, CallStats> before = sandbox.aws().calls();
    // Its own Region: the account guard has never asked STS about it, so it would have to.
    ServiceRelease sr =
        Releases.withPreflight(
            Releases.web("placeholder", "repo/app:v1"),
            Releases.s3Check("artifact", BUCKET, "placeholder/${revision}.tgz"),
            Releases.ecrCheck("image", null));
    sr.getSpec().aws.region = "eu-west-1";
    apply(sr);
    // Refused before planning: there is no desired image yet.
    ServiceRelease invalid = awaitPhase("placeholder", Phase.Failed, null);
    assertThat(reasonOf(invalid)).isEqualTo("Invalid");
    assertThat(invalid.getStatus().message)
        .contains(
            "preflight[0].s3ObjectExists.key: unknown placeholder ${revision}; known:"
                + " ${imageTag} and ${imageTag:CONTAINER}");
    sleep(Duration.ofSeconds(3));
    assertThat(sandbox.aws().calls()).isEqualTo(before);
    assertThat(sandbox.aws().inventory(Releases.ACCOUNT, "eu-west-1").taskDefinitions()).isEmpty();
    delete("placeholder");
  }

  // --- helpers -------------------------------------------------------------------------------

  static ServiceRelease s3Release(String name, String image) {
    return Releases.withPreflight(
        Releases.web(name, image), Releases.s3Check("artifact", BUCKET, name + "/${imageTag}.tgz"));
  }

  static ServiceRelease httpRelease(String name, String image, String url) {
    return Releases.withPreflight(Releases.web(name, image), Releases.httpCheck("registry", url));
  }

  static void putArtifact(String name, String tag) {
    sandbox
        .aws()
        .putObject(BUCKET, name + "/" + tag + ".tgz", "artifact".getBytes(StandardCharsets.UTF_8));
  }

  static ServiceRelease apply(ServiceRelease sr) {
    Resource<ServiceRelease> r = resource(sr.getMetadata().getName());
    if (r.get() == null) return r.create(sr);
    return r.edit(
        existing -> {
          existing.setSpec(sr.getSpec());
          return existing;
        });
  }

  /** Deletes a release and waits until it is gone, so a failing one stops checking. */
  static void delete(String name) {
    resource(name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> get(name) == null);
  }

  static Resource<ServiceRelease> resource(String name) {
    return sandbox.client().resources(ServiceRelease.class).inNamespace("default").withName(name);
  }

  static ServiceRelease get(String name) {
    return resource(name).get();
  }

  /** Waits until the release reports {@code phase} for its current generation and image. */
  static ServiceRelease awaitPhase(String name, Phase phase, String image) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              ServiceRelease c = get(name);
              assertThat(c).as(name).isNotNull();
              assertThat(c.getStatus()).as("status of " + name).isNotNull();
              boolean current =
                  c.getMetadata().getGeneration().equals(c.getStatus().observedGeneration)
                      && java.util.Objects.equals(image, c.getStatus().desiredImage);
              assertThat(current && c.getStatus().phase == phase)
                  .as(
                      "%s should be %s for %s; is %s (desired %s): %s",
                      name,
                      phase,
                      image,
                      c.getStatus().phase,
                      c.getStatus().desiredImage,
                      c.getStatus().message)
                  .isTrue();
            });
    return get(name);
  }

  static String serviceRevision(String name) {
    return sandbox
        .aws()
        .ecs(new AwsTarget(Releases.ACCOUNT, Releases.REGION, null))
        .describeServices(b -> b.cluster("core").services(name))
        .services()
        .get(0)
        .taskDefinition();
  }

  static void assertNothingCreated(String name) {
    Inventory inv = sandbox.aws().inventory(Releases.ACCOUNT, Releases.REGION);
    assertThat(inv.services()).noneSatisfy(s -> assertThat(s.name()).isEqualTo(name));
    assertThat(inv.taskDefinitions())
        .noneMatch(arn -> arn.contains("task-definition/" + name + ":"));
  }

  static String reasonOf(ServiceRelease sr) {
    return sr.getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(Condition::getReason)
        .findFirst()
        .orElse(null);
  }

  static long calls(String service, String operation) {
    return sandbox.aws().calls(service, operation).received();
  }

  static Map<String, Long> ecsWrites() {
    return ECS_WRITES.stream()
        .collect(java.util.stream.Collectors.toMap(op -> op, op -> calls("ecs", op)));
  }

  static List<Event> events(String name) {
    return sandbox.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static void reason(Event e, String reason) {
    assertThat(e.getReason()).isEqualTo(reason);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
