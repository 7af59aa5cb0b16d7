package dev.slipway.sandbox.sim;

import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** The simulated ELBv2 API for one caller account and region. */
public final class ElbSimulator implements ElasticLoadBalancingV2Client {
  private final CallGate gate;
  private final RegionState rs;

  ElbSimulator(CallGate gate, RegionState rs) {
    this.gate = gate;
    this.rs = rs;
  }

  private <T> T call(String operation, Supplier<T> body) {
    return gate.call(rs, AwsErrors.ELB, operation, body);
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
