package dev.slipway.aws.routing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;

/** ELBv2 errors as AWS would raise them, for allocator tests here and in the sandbox module. */
final class ElbFaults {
  private ElbFaults() {}

  static ElasticLoadBalancingV2Exception aws(int status, String code) {
    return (ElasticLoadBalancingV2Exception)
        ElasticLoadBalancingV2Exception.builder()
            .statusCode(status)
            .message(code + " (fake)")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }
}
