package dev.slipway.aws;

import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Hands out AWS SDK clients for a target. Production builds real SDK clients (region, optional
 * AssumeRole); the sandbox and tests hand out the simulator's implementations of the same
 * interfaces, so reconcilers never know which one they talk to. Implementations cache clients.
 */
public interface AwsClientFactory {

  EcsClient ecs(AwsTarget target);

  ElasticLoadBalancingV2Client elb(AwsTarget target);

  StsClient sts(AwsTarget target);

  ApplicationAutoScalingClient autoscaling(AwsTarget target);
}
