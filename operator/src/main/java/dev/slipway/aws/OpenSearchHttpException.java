package dev.slipway.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An error status from an OpenSearch Service domain's endpoint. It is an {@link
 * AwsServiceException}, so the call layer retries 429 and 5xx and counts them for the circuit
 * breaker as it does for the SDK's own errors. The error code is OpenSearch's error type (e.g.
 * snapshot_restore_exception), or HttpNNN when the answer came from AWS's front door, which answers
 * with a bare message instead of OpenSearch's envelope.
 */
public final class OpenSearchHttpException extends AwsServiceException {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIGNATURE = Pattern.compile("Signature=[0-9a-fA-F]+");

  private final String type;
  private final String reason;

  private OpenSearchHttpException(Builder builder, String type, String reason) {
    super(builder);
    this.type = type;
    this.reason = reason;
  }

  /** OpenSearch's error type, or null when the answer was not OpenSearch's error envelope. */
  public String type() {
    return type;
  }

  /** The reason the answer gave, for a person (never the request). */
  public String reason() {
    return reason;
  }

  /** The error {@code operation} met, read from the answer's body. */
  public static OpenSearchHttpException of(String operation, OpenSearchHttp.Response response) {
    int status = response.status();
    String type = null;
    String reason = null;
    JsonNode body = parse(response.body());
    if (body != null) {
      JsonNode error = body.get("error");
      if (error != null && error.isObject()) {
        type = text(error.get("type"));
        reason = text(error.get("reason"));
      } else if (error != null && error.isTextual()) {
        reason = error.asText();
      } else {
        // AWS's front door: {"message": ...} or {"Message": ...}.
        reason = text(body.has("message") ? body.get("message") : body.get("Message"));
      }
    }
    if (reason == null) {
      String text = new String(response.body(), StandardCharsets.UTF_8).strip();
      reason = text.isEmpty() ? "HTTP " + status : abbreviate(text);
    }
    // AWS's front door echoes a malformed Authorization header back; status and logs get none.
    reason = SIGNATURE.matcher(reason).replaceAll("Signature=(redacted)");
    String code = type != null ? type : "Http" + status;
    AwsErrorDetails details =
        AwsErrorDetails.builder()
            .errorCode(code)
            .errorMessage(reason)
            .serviceName(SigV4OpenSearchHttp.SERVICE)
            .build();
    Builder b =
        AwsServiceException.builder()
            .statusCode(status)
            .awsErrorDetails(details)
            .message(operation + ": " + reason);
    return new OpenSearchHttpException(b, type, reason);
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) return null;
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
