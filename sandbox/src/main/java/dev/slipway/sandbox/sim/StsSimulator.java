package dev.slipway.sandbox.sim;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The simulated STS API: who the caller is, and AssumeRole with fake credentials. */
public final class StsSimulator implements StsClient {
  static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
  private static final String SESSION = "slipway";
  private final CallGate gate;
  private final RegionState rs;
  private final String roleArn;

  StsSimulator(CallGate gate, RegionState rs, String roleArn) {
    this.gate = gate;
    this.rs = rs;
    this.roleArn = roleArn;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.STS, operation, body);
  }

  @Override
  public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest r) {
    return call(
        "GetCallerIdentity",
        () -> {
          var b = GetCallerIdentityResponse.builder().account(rs.account);
          if (roleArn == null) {
            return b.arn("arn:aws:iam::" + rs.account + ":user/sandbox")
                .userId("AIDA" + upper(rs.ids.hex(17)))
                .build();
          }
          String role = roleName(roleArn);
          return b.arn("arn:aws:sts::" + rs.account + ":assumed-role/" + role + "/" + SESSION)
              .userId(roleId(role) + ":" + SESSION)
              .build();
        });
  }

  @Override
  public AssumeRoleResponse assumeRole(AssumeRoleRequest r) {
    return call(
        "AssumeRole",
        () -> {
          Matcher m = r.roleArn() == null ? null : ROLE_ARN.matcher(r.roleArn());
          if (m == null || !m.matches()) {
            throw validation(
                "1 validation error detected: Value at 'roleArn' failed to satisfy constraint");
          }
          String session = r.roleSessionName();
          if (session == null || !session.matches("[\\w+=,.@-]{2,64}")) {
            throw validation(
                "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint");
          }
          int seconds = r.durationSeconds() == null ? 3600 : r.durationSeconds();
          if (seconds < 900 || seconds > 43200) {
            throw validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
          }
          String account = m.group(1);
          String role = m.group(2);
          // Credential expiry is checked by SDK providers against the wall clock, not simulated
          // time.
          Credentials creds =
              Credentials.builder()
                  .accessKeyId("ASIA" + upper(rs.ids.hex(16)))
                  .secretAccessKey(rs.ids.hex(40))
                  .sessionToken("FwoGZXIvYXdzE" + rs.ids.hex(120))
                  .expiration(Instant.now().plusSeconds(seconds))
                  .build();
          AssumedRoleUser user =
              AssumedRoleUser.builder()
                  .arn("arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session)
                  .assumedRoleId(roleId(role) + ":" + session)
                  .build();
          return AssumeRoleResponse.builder().credentials(creds).assumedRoleUser(user).build();
        });
  }

  static String accountOf(String roleArn) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    if (!m.matches()) throw new IllegalArgumentException("not an IAM role ARN: " + roleArn);
    return m.group(1);
  }

  private static String roleName(String arn) {
    Matcher m = ROLE_ARN.matcher(arn);
    return m.matches() ? m.group(2) : "slipway";
  }

  /** A stable fake role id, so repeated calls agree with each other like IAM's do. */
  private static String roleId(String role) {
    String h = Integer.toHexString(role.hashCode() & 0x7fffffff);
    return "AROA" + upper(("00000000000000000" + h).substring(h.length()));
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  private static StsException validation(String message) {
    return (StsException)
        AwsErrors.build(StsException.builder(), AwsErrors.STS, "ValidationError", message, 400);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Views on simulator state hold nothing to release.
  }
}
