package dev.slipway.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the statuses of both kinds share, so that one reconcile frame and one condition contract
 * serve both. Methods, not bean properties: they add nothing to the CRD schema.
 */
public interface ReconciledStatus {
  /** The status's conditions (Ready, Progressing, Degraded), mutable. */
  List<Condition> conditions();

  /** The phase's name, or null before the first pass. */
  String phaseName();

  void message(String message);

  /** Gives a resource that never finished a pass the phase it waits in, so none stays blank. */
  void startPhaseIfUnset();

  /** Phase Deleting, while the finalizer holds the resource. */
  void deleting();
}
