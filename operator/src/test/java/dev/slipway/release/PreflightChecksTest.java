package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.PreflightCheckStatus.Result;
import dev.slipway.aws.EcrPort.ImageAnswer;
import dev.slipway.aws.S3Port.HeadAnswer;
import dev.slipway.release.PreflightChecks.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How each answer of S3, ECR and an HTTP endpoint is judged: passed, failed or cannot tell. */
class PreflightChecksTest {
  private static final String OBJECT = "s3://assets/web/3f2a9c1.tgz";
  private static final String IMAGE =
      "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:3f2a9c1";

  @Test
  void s3ObjectFoundPasses() {
    assertThat(PreflightChecks.judgeS3(OBJECT, new HeadAnswer(200, null)))
        .isEqualTo(Verdict.passed("found " + OBJECT));
  }

  @Test
  void s3404IsMissing() {
    assertThat(PreflightChecks.judgeS3(OBJECT, new HeadAnswer(404, "NoSuchKey")))
        .isEqualTo(Verdict.failed("missing: " + OBJECT));
  }

  @Test
  void s3403CannotTellMissingFromForbidden() {
    Verdict v = PreflightChecks.judgeS3(OBJECT, new HeadAnswer(403, "Forbidden"));
    assertThat(v.result()).isEqualTo(Result.Unknown);
    assertThat(v.message())
        .isEqualTo(
            OBJECT
                + ": cannot tell: 403 (without s3:ListBucket S3 answers 403 for a missing key"
                + " too); grant s3:ListBucket on the bucket or s3:GetObject");
  }

  @Test
  void s3OtherAnswersCannotTell() {
    assertThat(PreflightChecks.judgeS3(OBJECT, new HeadAnswer(301, null)))
        .isEqualTo(
            Verdict.unknown(
                OBJECT + ": cannot tell: 301 (the bucket is in another Region; set region)"));
    assertThat(PreflightChecks.judgeS3(OBJECT, new HeadAnswer(400, "Bad Request")))
        .isEqualTo(Verdict.unknown(OBJECT + ": cannot tell: S3 answered 400 Bad Request"));
  }

  @Test
  void ecrImageNotFoundFailsNamingTheImage() {
    assertThat(
            PreflightChecks.judgeImage(
                IMAGE, new ImageAnswer("ImageNotFoundException", "The image ... does not exist")))
        .isEqualTo(Verdict.failed("image not found in ECR: " + IMAGE));
    assertThat(
            PreflightChecks.judgeImage(
                IMAGE, new ImageAnswer("RepositoryNotFoundException", "no repository")))
        .isEqualTo(Verdict.failed("repository not found in ECR: " + IMAGE));
  }

  @Test
  void ecrAccessDeniedCannotTell() {
    Verdict v =
        PreflightChecks.judgeImage(IMAGE, new ImageAnswer("AccessDeniedException", "denied"));
    assertThat(v.result()).isEqualTo(Result.Unknown);
    assertThat(v.message()).contains(IMAGE).contains("ecr:DescribeImages");
  }

  @Test
  void ecrFoundPasses() {
    assertThat(PreflightChecks.judgeImage(IMAGE, ImageAnswer.FOUND).result())
        .isEqualTo(Result.Passed);
  }

  @Test
  void theWorstImageVerdictWinsAndListsOnlyWhatDidNotPass() {
    Verdict v =
        PreflightChecks.combine(
            List.of(
                Verdict.passed("found a"),
                Verdict.unknown("cannot tell b"),
                Verdict.failed("image not found in ECR: c")),
            List.of("nginx:1.27"));
    assertThat(v.result()).isEqualTo(Result.Failed);
    assertThat(v.message())
        .isEqualTo("cannot tell b; image not found in ECR: c; skipped (not in ECR): nginx:1.27");
  }

  @Test
  void allImagesFoundPassWithTheSkippedNoted() {
    Verdict v =
        PreflightChecks.combine(
            List.of(Verdict.passed("found a"), Verdict.passed("found b")), List.of("nginx"));
    assertThat(v).isEqualTo(Verdict.passed("found a; found b; skipped (not in ECR): nginx"));
  }

  @Test
  void noEcrImageAtAllPassesWithANote() {
    assertThat(PreflightChecks.combine(List.of(), List.of("repo/app:v1")))
        .isEqualTo(Verdict.passed("nothing to check; skipped (not in ECR): repo/app:v1"));
  }

  @Test
  void http2xxPassesUnlessAnotherStatusIsExpected() {
    assertThat(PreflightChecks.judgeHttp("https://h/x", null, new HttpProbe.Response(204, "")))
        .isEqualTo(Verdict.passed("GET https://h/x answered 204"));
    assertThat(PreflightChecks.judgeHttp("https://h/x", 204, new HttpProbe.Response(200, "ok")))
        .isEqualTo(Verdict.failed("GET https://h/x answered 200 (expected 204): ok"));
    assertThat(PreflightChecks.judgeHttp("https://h/x", 302, new HttpProbe.Response(302, "")))
        .isEqualTo(Verdict.passed("GET https://h/x answered 302"));
  }

  @Test
  void httpFailureCarriesStatusAndExcerpt() {
    assertThat(
            PreflightChecks.judgeHttp(
                "https://h/x?<redacted>", null, new HttpProbe.Response(503, "maintenance")))
        .isEqualTo(
            Verdict.failed("GET https://h/x?<redacted> answered 503 (expected 2xx): maintenance"));
  }

  @Test
  void noResponseFailsWithWhy() {
    assertThat(
            PreflightChecks.judgeHttp(
                "http://h:1/", null, new HttpProbe.NoResponse("connection refused")))
        .isEqualTo(Verdict.failed("GET http://h:1/: connection refused"));
  }
}
