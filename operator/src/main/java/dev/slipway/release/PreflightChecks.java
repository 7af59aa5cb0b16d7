package dev.slipway.release;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreflightCheckSpec;
import dev.slipway.api.v1alpha1.PreflightCheckSpec.EcrImageExists;
import dev.slipway.api.v1alpha1.PreflightCheckSpec.HttpGet;
import dev.slipway.api.v1alpha1.PreflightCheckSpec.S3ObjectExists;
import dev.slipway.api.v1alpha1.PreflightCheckStatus.Result;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.EcrImage;
import dev.slipway.aws.EcrPort;
import dev.slipway.aws.S3Port;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs one preflight check and judges what came back. Asking is impure (S3, ECR, HTTP); judging is
 * pure and static, so every answer's verdict is unit-tested: found passes, "does not exist" fails,
 * and an answer that cannot tell (S3's 403, access denied) is Unknown, never guessed either way.
 * AWS failures another attempt may cure are not answers: the ports throw them after retrying.
 */
final class PreflightChecks {
  /**
   * Why a 403 from HeadObject is not "missing": S3 hides whether a key exists from a caller who may
   * not list the bucket.
   */
  static final String FORBIDDEN =
      "cannot tell: 403 (without s3:ListBucket S3 answers 403 for a missing key too); grant"
          + " s3:ListBucket on the bucket or s3:GetObject";

  private static final int DEFAULT_TIMEOUT_SECONDS = 5;

  private final S3Port s3;
  private final EcrPort ecr;
  private final HttpProbe http;

  PreflightChecks(S3Port s3, EcrPort ecr, HttpProbe http) {
    this.s3 = s3;
    this.ecr = ecr;
    this.http = http;
  }

  /** A check's verdict and what a person needs to know about it. */
  record Verdict(Result result, String message) {
    static Verdict passed(String message) {
      return new Verdict(Result.Passed, message);
    }

    static Verdict failed(String message) {
      return new Verdict(Result.Failed, message);
    }

    static Verdict unknown(String message) {
      return new Verdict(Result.Unknown, message);
    }
  }

  Verdict run(AwsTarget target, List<ContainerSpec> containers, PreflightCheckSpec check) {
    if (check.s3ObjectExists != null) return s3Object(target, containers, check.s3ObjectExists);
    if (check.httpGet != null) return httpGet(containers, check.httpGet);
    return ecrImages(target, containers, check.ecrImageExists);
  }

  private Verdict s3Object(AwsTarget target, List<ContainerSpec> containers, S3ObjectExists c) {
    String bucket = expanded(c.bucket, containers);
    String key = expanded(c.key, containers);
    AwsTarget at =
        new AwsTarget(
            target.accountId(), c.region == null ? target.region() : c.region, target.roleArn());
    return judgeS3("s3://" + bucket + "/" + key, s3.headObject(at, bucket, key));
  }

  private Verdict httpGet(List<ContainerSpec> containers, HttpGet c) {
    String url = expanded(c.url, containers);
    int seconds = c.timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : c.timeoutSeconds;
    // An expected redirect is judged on the first answer; following it would hide it.
    boolean follow = c.expectStatus == null || !HttpProbe.isRedirect(c.expectStatus);
    HttpProbe.Answer answer = http.get(url, Duration.ofSeconds(seconds), follow);
    return judgeHttp(UrlRedaction.redact(url), c.expectStatus, answer);
  }

  private Verdict ecrImages(AwsTarget target, List<ContainerSpec> containers, EcrImageExists c) {
    List<Verdict> verdicts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ContainerSpec container : containers) {
      if (c.container != null && !c.container.equals(container.name)) continue;
      Optional<EcrImage> image = EcrImage.parse(container.image);
      if (image.isEmpty()) {
        skipped.add(container.image);
        continue;
      }
      verdicts.add(judgeImage(container.image, ecr.describeImage(target, image.get())));
    }
    return combine(verdicts, skipped);
  }

  /** Validation has refused a spec whose templates do not expand, so here they always do. */
  private static String expanded(String template, List<ContainerSpec> containers) {
    PreflightTemplates.Expansion e = PreflightTemplates.expand(template, containers);
    if (!e.ok()) throw new IllegalStateException("unvalidated template: " + e.problems());
    return e.value();
  }

  static Verdict judgeS3(String location, S3Port.HeadAnswer answer) {
    if (answer.found()) return Verdict.passed("found " + location);
    return switch (answer.status()) {
      case 404 -> Verdict.failed("missing: " + location);
      case 403 -> Verdict.unknown(location + ": " + FORBIDDEN);
      case 301 ->
          Verdict.unknown(
              location + ": cannot tell: 301 (the bucket is in another Region; set region)");
      default ->
          Verdict.unknown(
              location
                  + ": cannot tell: S3 answered "
                  + answer.status()
                  + (answer.detail() == null ? "" : " " + answer.detail()));
    };
  }

  static Verdict judgeImage(String image, EcrPort.ImageAnswer answer) {
    if (answer.found()) return Verdict.passed("found " + image);
    return switch (answer.errorCode()) {
      case "ImageNotFoundException" -> Verdict.failed("image not found in ECR: " + image);
      case "RepositoryNotFoundException" -> Verdict.failed("repository not found in ECR: " + image);
      case "AccessDeniedException" ->
          Verdict.unknown(
              "cannot tell whether " + image + " exists: access denied; grant ecr:DescribeImages");
      default ->
          Verdict.unknown(
              "cannot tell whether "
                  + image
                  + " exists: "
                  + answer.errorCode()
                  + (answer.message() == null ? "" : " " + answer.message()));
    };
  }

  /** The worst verdict wins; its message lists every image that did not pass, and the skipped. */
  static Verdict combine(List<Verdict> verdicts, List<String> skipped) {
    String note = skipped.isEmpty() ? "" : "skipped (not in ECR): " + String.join(", ", skipped);
    if (verdicts.isEmpty())
      return Verdict.passed(note.isEmpty() ? "no image to check" : "nothing to check; " + note);
    Result worst =
        verdicts.stream()
            .map(Verdict::result)
            .max(Comparator.comparing(PreflightChecks::rank))
            .get();
    List<String> parts =
        verdicts.stream()
            .filter(v -> worst == Result.Passed || v.result() != Result.Passed)
            .map(Verdict::message)
            .collect(Collectors.toCollection(ArrayList::new));
    if (!note.isEmpty()) parts.add(note);
    return new Verdict(worst, String.join("; ", parts));
  }

  static Verdict judgeHttp(String shownUrl, Integer expectStatus, HttpProbe.Answer answer) {
    if (answer instanceof HttpProbe.NoResponse none)
      return Verdict.failed("GET " + shownUrl + ": " + none.why());
    HttpProbe.Response r = (HttpProbe.Response) answer;
    boolean ok = expectStatus == null ? r.status() / 100 == 2 : r.status() == expectStatus;
    String answered = "GET " + shownUrl + " answered " + r.status();
    if (ok) return Verdict.passed(answered);
    String expected = expectStatus == null ? "2xx" : String.valueOf(expectStatus);
    return Verdict.failed(
        answered
            + " (expected "
            + expected
            + ")"
            + (r.excerpt().isEmpty() ? "" : ": " + r.excerpt()));
  }

  /** Failed outranks Unknown: a known problem is the more useful thing to report. */
  static int rank(Result result) {
    return switch (result) {
      case Passed -> 0;
      case Unknown -> 1;
      case Failed -> 2;
    };
  }
}
