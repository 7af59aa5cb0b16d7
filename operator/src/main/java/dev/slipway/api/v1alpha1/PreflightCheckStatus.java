package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last result of one preflight check for one spec hash. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreflightCheckStatus {
  @JsonPropertyDescription("The preflight check's name.")
  public String name;

  @JsonPropertyDescription(
      "The spec hash the check ran for. A check that passed is not run again until the spec "
          + "hash changes.")
  public String specHash;

  @JsonPropertyDescription(
      "Passed; Failed (the thing checked is missing or answered wrongly); Unknown (Slipway could "
          + "not tell, e.g. S3 answered 403). Failed and Unknown stop the release before any ECS "
          + "write and are checked again.")
  public Result result;

  @JsonPropertyDescription(
      "What the check found, e.g. missing: s3://assets/web/3f2a9c1/manifest.json. URLs appear "
          + "without their query string.")
  public String message;

  @JsonPropertyDescription("When the check last ran (RFC 3339).")
  public String checkedAt;

  /** What a check found. */
  public enum Result {
    Passed,
    Failed,
    Unknown
  }
}
