package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A read-only check that must pass before Slipway writes anything to ECS for a new spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = PreflightCheckSpec.ONE_TYPE_RULE, message = PreflightCheckSpec.ONE_TYPE)
public class PreflightCheckSpec {
  /** The CEL rule that allows exactly one kind of check per entry. */
  public static final String ONE_TYPE_RULE =
      "(has(self.s3ObjectExists) ? 1 : 0) + (has(self.httpGet) ? 1 : 0) +"
          + " (has(self.ecrImageExists) ? 1 : 0) == 1";

  public static final String ONE_TYPE =
      "set exactly one of s3ObjectExists, httpGet and ecrImageExists";

  /** Names of a check, as for pre-deploy steps. */
  public static final String NAME_PATTERN = "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$";

  @JsonPropertyDescription(
      "Name of the check, e.g. assets-uploaded; lower-case letters, digits and '-', at most 32. "
          + "Unique within preflight; status.preflight reports the result under it.")
  @Required
  @Pattern(NAME_PATTERN)
  // The pattern bounds the length too, but only maxLength bounds the API server's CEL cost
  // estimate of the uniqueness rule.
  @Size(max = 32)
  public String name;

  @JsonPropertyDescription(
      "Passes when S3 HeadObject finds the object (200), fails when S3 says it is missing (404). "
          + "A 403 cannot tell a missing object from a forbidden one and stops the release as "
          + "Unknown.")
  public S3ObjectExists s3ObjectExists;

  @JsonPropertyDescription(
      "Passes when an HTTP GET of the URL answers 2xx (or expectStatus). Redirects to the same "
          + "host are followed (at most 3); a redirect to another host fails the check.")
  public HttpGet httpGet;

  @JsonPropertyDescription(
      "Passes when ECR DescribeImages finds the image of the named container, or of every "
          + "container when none is named. Images not hosted in ECR are skipped.")
  public EcrImageExists ecrImageExists;

  /** An S3 object that must exist. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class S3ObjectExists {
    @JsonPropertyDescription(
        "Bucket name, a template: ${imageTag} is the tag of the first container's image, "
            + "${imageTag:NAME} that of container NAME.")
    @Required
    @Size(min = 1, max = 255)
    public String bucket;

    @JsonPropertyDescription(
        "Object key, a template like bucket, e.g. assets/${imageTag}/manifest.json.")
    @Required
    @Size(min = 1, max = 1024)
    public String key;

    @JsonPropertyDescription(
        "Region of the bucket, e.g. us-east-1. Default: spec.aws.region. The check uses the "
            + "release's account and role.")
    @Pattern("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$")
    public String region;
  }

  /** An HTTP endpoint that must answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpGet {
    @JsonPropertyDescription(
        "http or https URL, a template like s3ObjectExists.bucket, e.g. "
            + "https://schema-registry.internal/compat/${imageTag}. Query strings are redacted "
            + "in status and events, as they often carry tokens.")
    @Required
    @Size(min = 1, max = 2048)
    @Pattern("^https?://.+$")
    public String url;

    @JsonPropertyDescription(
        "Seconds the whole check (connecting, redirects, the first bytes of the body) may take, "
            + "1 to 30. Default 5.")
    @Min(1)
    @Max(30)
    public Integer timeoutSeconds = 5;

    @JsonPropertyDescription(
        "The one status code that passes, e.g. 204. Unset: any 2xx passes. A 3xx here is "
            + "compared before any redirect is followed.")
    @Min(100)
    @Max(599)
    public Integer expectStatus;
  }

  /** Images that must exist in ECR. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EcrImageExists {
    @JsonPropertyDescription(
        "The container whose image is checked. Unset: every container's image hosted in ECR.")
    @Size(max = 255)
    public String container;
  }
}
