package dev.slipway.sandbox.sim;

import com.sun.net.httpserver.Headers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SigV4 check in front of a simulated domain endpoint: everything but the signature itself. The
 * simulator holds no secret keys, so it cannot recompute the HMAC; instead it checks what a client
 * gets wrong in practice (no signing, the wrong region or service in the credential scope, host or
 * date left out of the signed headers, a stale date, a body changed after signing) and answers
 * those the way AWS's front door does, before OpenSearch sees the request.
 */
final class OpenSearchSigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String SERVICE = "es";
  private static final Duration SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private OpenSearchSigV4() {}

  /** Returns the caller's access key id, or throws the 403 AWS would answer with. */
  static String check(String method, Headers headers, byte[] body, String region) {
    String auth = headers.getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      // An unsigned request is anonymous; the domain's IAM policy grants anonymous nothing.
      throw denied("Message", "User: anonymous is not authorized to perform: " + action(method));
    }
    if (!auth.startsWith(ALGORITHM + " ")) {
      throw denied("message", "Unsupported authorization type: " + auth.split(" ")[0]);
    }
    Map<String, String> parts = parameters(auth.substring(ALGORITHM.length() + 1));
    String amzDate = headers.getFirst("X-Amz-Date");
    StringBuilder incomplete = new StringBuilder();
    for (String p : List.of("Credential", "Signature", "SignedHeaders")) {
      if (!parts.containsKey(p)) {
        incomplete.append("Authorization header requires '").append(p).append("' parameter. ");
      }
    }
    if (amzDate == null) {
      incomplete.append("Authorization header requires existence of a 'X-Amz-Date' header. ");
    }
    if (incomplete.length() > 0) throw denied("message", incomplete + "Authorization=" + auth);

    String[] scope = parts.get("Credential").split("/");
    if (scope.length != 5) {
      throw denied(
          "message",
          "Credential should be scoped to a valid region, not '"
              + (scope.length > 2 ? scope[2] : "")
              + "'. ");
    }
    if (!scope[2].equals(region)) {
      throw denied(
          "message", "Credential should be scoped to a valid region, not '" + scope[2] + "'. ");
    }
    if (!scope[3].equals(SERVICE)) {
      throw denied(
          "message", "Credential should be scoped to correct service: '" + SERVICE + "'. ");
    }
    if (!scope[4].equals("aws4_request")) {
      throw denied(
          "message",
          "Credential should be scoped with a valid terminator: 'aws4_request', not '"
              + scope[4]
              + "'. ");
    }
    if (!amzDate.matches("\\d{8}T\\d{6}Z") || !amzDate.startsWith(scope[1])) {
      throw denied(
          "message",
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + scope[1]
              + "' != '"
              + (amzDate.length() >= 8 ? amzDate.substring(0, 8) : amzDate)
              + "', from '"
              + amzDate
              + "'.");
    }
    checkFresh(amzDate);
    List<String> signed =
        Arrays.stream(parts.get("SignedHeaders").split(";"))
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .toList();
    for (String required : List.of("host", "x-amz-date")) {
      if (!signed.contains(required)) {
        throw denied(
            "message", "'" + required + "' must be a 'SignedHeader' in the AWS Authorization.");
      }
    }
    // A signed header the request no longer carries, or a body that no longer hashes to the signed
    // digest, means the signature cannot match; this much is checkable without the secret key.
    boolean missingSigned =
        signed.stream().anyMatch(h -> !h.equals("host") && headers.getFirst(h) == null);
    String digest = headers.getFirst("X-Amz-Content-Sha256");
    boolean bodyChanged =
        digest != null && !digest.equals("UNSIGNED-PAYLOAD") && !digest.equals(sha256(body));
    if (missingSigned || bodyChanged || !parts.get("Signature").matches("[0-9a-f]{64}")) {
      throw denied(
          "message",
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service documentation"
              + " for details.");
    }
    return scope[0];
  }

  /**
   * AWS accepts a signature within 15 minutes of its own time. The operator signs with the wall
   * clock, not the simulated one, so this compares against the wall clock too: a client that signs
   * with a simulated or stale clock fails here as it would on AWS.
   */
  private static void checkFresh(String amzDate) {
    Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    Instant now = Instant.now();
    if (signedAt.isBefore(now.minus(SKEW))) {
      throw denied(
          "message",
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AMZ_DATE.format(now.minus(SKEW).atOffset(ZoneOffset.UTC))
              + " ("
              + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC))
              + " - 15 min.)");
    }
    if (signedAt.isAfter(now.plus(SKEW))) {
      throw denied(
          "message",
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AMZ_DATE.format(now.plus(SKEW).atOffset(ZoneOffset.UTC))
              + " ("
              + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC))
              + " + 15 min.)");
    }
  }

  /** The IAM action a request needs: es:ESHttpGet, es:ESHttpPut, ... */
  static String action(String method) {
    String m = method.toLowerCase(Locale.ROOT);
    return "es:ESHttp" + Character.toUpperCase(m.charAt(0)) + m.substring(1);
  }

  private static Map<String, String> parameters(String s) {
    Map<String, String> out = new TreeMap<>();
    for (String part : s.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OpenSearchRest.Failure denied(String key, String message) {
    return OpenSearchRest.gateway(403, key, message);
  }
}
