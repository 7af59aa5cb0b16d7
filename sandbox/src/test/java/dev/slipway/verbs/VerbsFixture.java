package dev.slipway.verbs;

import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.aws.AwsCalls;
import dev.slipway.aws.AwsTarget;
import dev.slipway.sandbox.ReleaseSeeds;
import dev.slipway.sandbox.sim.AwsSimulator;

/**
 * A simulator seeded the way the sandbox seeds it for a manifest (cluster, target groups and the
 * task definition's references); {@link ExampleManifests} has the manifests.
 */
final class VerbsFixture {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "ap-northeast-1";

  final AwsSimulator sim;
  final AwsCalls calls = Verbs.calls();

  VerbsFixture() {
    this(ACCOUNT);
  }

  VerbsFixture(String defaultAccount) {
    sim = AwsSimulator.builder().defaultAccountId(defaultAccount).throttling(false).build();
  }

  /** Seeds everything {@code manifest}'s releases reference, as Sandbox.seedFor does. */
  VerbsFixture seed(String manifest) {
    for (ServiceRelease sr : ManifestReader.read(manifest).releases()) {
      String account = sr.getSpec().aws.accountId;
      String region = sr.getSpec().aws.region;
      sim.createCluster(account, region, sr.getSpec().cluster);
      if (sr.getSpec().service.loadBalancers != null)
        sr.getSpec()
            .service
            .loadBalancers
            .forEach(lb -> sim.seedTargetGroup(account, region, lb.targetGroupArn));
      ReleaseSeeds.seedReferences(sim, sr);
    }
    return this;
  }

  VerbResult verify(String manifest) {
    return Verbs.run("verify", manifest, "json", sim, calls);
  }

  VerbResult diff(String manifest) {
    return Verbs.run("diff", manifest, "json", sim, calls);
  }

  AwsTarget target() {
    return new AwsTarget(ACCOUNT, REGION, "arn:aws:iam::" + ACCOUNT + ":role/slipway");
  }
}
