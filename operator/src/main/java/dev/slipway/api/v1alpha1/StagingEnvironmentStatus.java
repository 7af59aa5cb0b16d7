package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a staging environment, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StagingEnvironmentStatus implements ReconciledStatus {
  public Long observedGeneration;
  public Phase phase;
  public String message;
  public List<Condition> conditions = new ArrayList<>();

  /** Where testers open the environment (first routed service). */
  public String url;

  /** The slug every derived name is built from. */
  public String slug;

  public String schema;
  public String redisNamespace;
  public List<ServiceState> services = new ArrayList<>();

  /** When the spec last changed; the TTL counts from here. */
  public String lastSpecChangeAt;

  public String expiresAt;

  /**
   * When the environment was admitted (counted against maxEnvironments and the connection budget);
   * cleared when it expires or is refused a way in, so it stops counting.
   */
  public String admittedAt;

  /** Shared environments: how many branch environments exist. */
  public Integer environments;

  @Override
  public List<Condition> conditions() {
    return conditions;
  }

  @Override
  public String phaseName() {
    return phase == null ? null : phase.name();
  }

  @Override
  public void message(String message) {
    this.message = message;
  }

  @Override
  public void startPhaseIfUnset() {
    if (phase == null) phase = Phase.Provisioning;
  }

  @Override
  public void deleting() {
    phase = Phase.Deleting;
  }

  /** Lifecycle of a staging environment. */
  public enum Phase {
    Provisioning,
    Ready,
    Failed,
    Expired,
    Deleting
  }

  /** One service of the environment and its ServiceRelease. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServiceState {
    public String name;
    public String release;
    public String phase;
    public String url;
    public Integer port;

    /** HostHeader routing: the rule's priority on the shared listener. */
    public Integer priority;

    public String host;
    public String targetGroupArn;
  }
}
