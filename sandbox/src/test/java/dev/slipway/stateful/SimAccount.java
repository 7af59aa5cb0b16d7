package dev.slipway.stateful;

import dev.slipway.sandbox.sim.AwsSimulator;
import dev.slipway.sandbox.sim.Inventory;
import dev.slipway.sandbox.sim.SimClock;
import dev.slipway.sandbox.sim.SimTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A fresh simulated AWS account for one sequence, on a manual clock, with ECS timings shortened so
 * rollouts take simulated seconds. Server-side throttling is off: these tests are about what is
 * created and destroyed, and the client-side limiter runs on real time the manual clock cannot
 * refill.
 */
final class SimAccount {
  static final String ACCOUNT = EnvironmentManifests.ACCOUNT;
  static final String REGION = EnvironmentManifests.REGION;
  static final Instant START = Instant.parse("2030-01-07T09:00:00Z");

  /** Task lifecycle in seconds: running after 2 s, healthy 2 s later, crashloops exit after 2 s. */
  static final SimTimings FAST =
      new SimTimings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofMinutes(30),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          Duration.ofHours(1));

  final SimClock clock = SimClock.manual(START);
  final AwsSimulator aws;

  SimAccount(long seed) {
    this.aws =
        AwsSimulator.builder()
            .clock(clock)
            .defaultAccountId(ACCOUNT)
            .throttling(false)
            .timings(FAST)
            .seed(seed)
            .build();
  }

  Inventory inventory() {
    return aws.inventory(ACCOUNT, REGION);
  }

  /** Every resource the invariants track, spelled as {@link ResourceKeys}. */
  Set<String> resources() {
    return keys(inventory());
  }

  static Set<String> keys(Inventory inventory) {
    Set<String> keys = new LinkedHashSet<>();
    inventory.targetGroups().forEach(t -> keys.add(ResourceKeys.targetGroup(t.arn())));
    inventory.listeners().forEach(l -> keys.add(ResourceKeys.listener(l.arn())));
    inventory.rules().forEach(r -> keys.add(ResourceKeys.rule(r.arn())));
    inventory.services().forEach(s -> keys.add(ResourceKeys.service(s.cluster(), s.name())));
    inventory.taskDefinitions().forEach(td -> keys.add(ResourceKeys.taskDefinition(td)));
    return keys;
  }
}
