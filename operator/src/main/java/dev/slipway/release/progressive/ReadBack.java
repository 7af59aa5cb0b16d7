package dev.slipway.release.progressive;

import dev.slipway.release.progressive.WeightActions.Weights;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * What a Weighted release checks before it moves traffic, decided purely from what AWS answered:
 * whether the production rule's weights are still the ones Slipway last wrote, and whether the
 * target group about to receive more traffic can serve it. Argo Rollouts' traffic-routing bugs come
 * from trusting a controller's memory instead of these two reads.
 */
public final class ReadBack {
  private ReadBack() {}

  /** How the weights AWS has compare with status. */
  public enum Verdict {
    /** Exactly what status says Slipway last wrote. */
    AS_RECORDED,
    /**
     * Exactly what the step about to run would write: Slipway's own write whose status update was
     * lost (a crash or a conflict after the ModifyRule). Recorded, not written again.
     */
    AS_INTENDED,
    /** Anything else: someone changed the rule, so Slipway stops rather than fighting. */
    CHANGED
  }

  /** Compares the rule's weights with the recorded canary weight and the intended one. */
  public static Verdict compare(
      Optional<Weights> observed, int recordedCanary, int intendedCanary) {
    if (observed.isEmpty()) return Verdict.CHANGED;
    if (observed.get().equals(Weights.canary(recordedCanary))) return Verdict.AS_RECORDED;
    if (observed.get().equals(Weights.canary(intendedCanary))) return Verdict.AS_INTENDED;
    return Verdict.CHANGED;
  }

  /**
   * Whether a target group can take more traffic: at least one target, every target healthy.
   * Draining targets are left out (they get no new requests and leave on their own).
   */
  public record Health(int healthy, int counted, boolean ready) {
    public static Health of(List<TargetHealthDescription> targets) {
      List<String> states =
          targets.stream()
              .map(t -> t.targetHealth() == null ? "unknown" : t.targetHealth().stateAsString())
              .filter(s -> !"draining".equals(s))
              .toList();
      int healthy = (int) states.stream().filter("healthy"::equals).count();
      return new Health(healthy, states.size(), healthy > 0 && healthy == states.size());
    }

    /** "no targets registered" or "2/3 targets healthy". */
    public String describe() {
      return counted == 0 ? "no targets registered" : healthy + "/" + counted + " targets healthy";
    }
  }
}
