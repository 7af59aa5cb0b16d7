package dev.slipway.scheduledtask;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.ConcurrencyPolicy;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec.Engine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the stateful test believes about one ScheduledTask name: the spec it last wrote, the current
 * incarnation's uid and birth, the run-now values it set, the counters it last read, and the
 * simulated-time windows in which the batch ran under engine Operator with Forbid.
 */
final class BatchModel {
  /** One window of Operator + Forbid, {@code to} null while it lasts. */
  static final class Window {
    final Instant from;
    Instant to;

    Window(Instant from) {
      this.from = from;
    }

    boolean contains(Instant t) {
      return !t.isBefore(from) && (to == null || t.isBefore(to));
    }
  }

  final String name;
  boolean exists;
  String uid;

  /** Simulated time just before the create: every task of this incarnation starts after it. */
  Instant bornAt;

  Engine engine;
  ConcurrencyPolicy policy;
  Integer deadlineSeconds;
  int rateMinutes;
  int sleepSeconds;
  int exitCode;
  boolean suspended;
  final List<String> runNow = new ArrayList<>();
  long succeeded;
  long failed;
  final List<Window> forbid = new ArrayList<>();

  BatchModel(String name) {
    this.name = name;
  }

  /** A fresh incarnation's spec; what the old one had is forgotten. */
  void reset(
      Engine engine, ConcurrencyPolicy policy, Integer deadline, int rate, int sleep, int exit) {
    this.engine = engine;
    this.policy = engine == Engine.Operator ? policy : null;
    this.deadlineSeconds = engine == Engine.Operator ? deadline : null;
    this.rateMinutes = rate;
    this.sleepSeconds = sleep;
    this.exitCode = exit;
    this.suspended = false;
    this.uid = null;
    this.runNow.clear();
    this.succeeded = 0;
    this.failed = 0;
    this.forbid.clear();
  }

  String schedule() {
    return "rate(" + rateMinutes + " minutes)";
  }

  String command() {
    return "sleep " + sleepSeconds + "; exit " + exitCode;
  }

  /** Whether slots are decided under Forbid by the operator (then no two runs overlap). */
  boolean forbids() {
    return exists && engine == Engine.Operator && policy == ConcurrencyPolicy.Forbid;
  }

  /** Opens a Forbid window once a change to Operator + Forbid has settled. */
  void openForbidIfDue(Instant now) {
    boolean open = !forbid.isEmpty() && forbid.get(forbid.size() - 1).to == null;
    if (forbids() && !open) forbid.add(new Window(now));
  }

  /** Closes the open window before a change that may end Forbid (engine, policy, delete). */
  void closeForbid(Instant now) {
    if (!forbid.isEmpty() && forbid.get(forbid.size() - 1).to == null) {
      forbid.get(forbid.size() - 1).to = now;
    }
  }

  boolean inForbidWindow(Instant t) {
    return forbid.stream().anyMatch(w -> w.contains(t));
  }

  /** The resource as the model says, with the sandbox's release and the scheduler's role. */
  ScheduledTask render(String namespace, String release, String role) {
    ScheduledTask st = new ScheduledTask();
    st.getMetadata().setName(name);
    st.getMetadata().setNamespace(namespace);
    ScheduledTaskSpec spec = new ScheduledTaskSpec();
    applyTo(spec);
    spec.releaseRef = new ScheduledTaskSpec.ReleaseRef();
    spec.releaseRef.name = release;
    spec.eventBridge = new ScheduledTaskSpec.EventBridgeSettings();
    spec.eventBridge.roleArn = role;
    st.setSpec(spec);
    return st;
  }

  /** Writes the fields the steps change into {@code spec}. */
  void applyTo(ScheduledTaskSpec spec) {
    spec.schedule = schedule();
    spec.engine = engine;
    spec.concurrencyPolicy = policy;
    spec.startingDeadlineSeconds = deadlineSeconds;
    spec.suspend = suspended;
    ScheduledTaskSpec.ContainerOverride app = new ScheduledTaskSpec.ContainerOverride();
    app.name = "app";
    app.command = List.of("sh", "-c", command());
    app.environment = Map.of("BATCH", name);
    spec.overrides = new ScheduledTaskSpec.TaskOverrides();
    spec.overrides.containers = new ArrayList<>(List.of(app));
  }

  @Override
  public String toString() {
    return name
        + "("
        + engine
        + (policy == null ? "" : " " + policy)
        + (deadlineSeconds == null ? "" : " deadline " + deadlineSeconds + "s")
        + ", "
        + schedule()
        + ", '"
        + command()
        + "'"
        + (suspended ? ", suspended" : "")
        + ")";
  }
}
