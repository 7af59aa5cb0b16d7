package dev.slipway.bench;

import dev.slipway.api.v1alpha1.RefreshSpec;
import dev.slipway.sandbox.sim.AwsSimulator;
import java.util.Set;

/**
 * One datastore of the refresh benchmark: what production holds for it, its entry in {@code
 * spec.refresh}, and the fewest calls its refresh needs given what staging holds now. Aurora is the
 * one kind measured today ({@link AuroraDatastore}); ElastiCache and OpenSearch implement this when
 * their refresh steps land, and the benchmark counts their services' calls the same way.
 */
interface RefreshDatastore {
  /** The datastore's name in spec and status. */
  String name();

  /** One line for the report: what is refreshed from what. */
  String describe();

  /** AWS services its refresh calls, as the simulator names them ("rds"). */
  Set<String> services();

  /** Seeds production's side (another account) and shares it with the staging account. */
  void seedProduction(AwsSimulator aws);

  /** Adds this datastore to the environment's refresh spec. */
  void addTo(RefreshSpec spec);

  /** Whether staging holds a copy from an earlier refresh, which this one replaces. */
  boolean exists(AwsSimulator aws);

  /** The fewest calls a refresh of it needs now, given what staging holds before the run. */
  CallFloor minimum(AwsSimulator aws);
}
