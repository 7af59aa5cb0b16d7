package dev.slipway.aws;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ecs.model.EcsException;

/** SDK exceptions as AWS would raise them, for feeding fake calls. */
final class AwsFaults {
  private AwsFaults() {}

  static EcsException aws(int status, String code) {
    return (EcsException)
        EcsException.builder()
            .statusCode(status)
            .message(code + " (fake)")
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(code + " (fake)").build())
            .build();
  }

  static EcsException throttling() {
    return aws(400, "ThrottlingException");
  }

  static EcsException serverError() {
    return aws(503, "ServerException");
  }

  static EcsException validation() {
    return aws(400, "InvalidParameterException");
  }

  static SdkClientException connectionReset() {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request")
        .cause(new IOException("Connection reset"))
        .build();
  }
}
