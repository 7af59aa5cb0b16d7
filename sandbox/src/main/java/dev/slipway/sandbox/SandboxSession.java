package dev.slipway.sandbox;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceReleaseStatus.Phase;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus;
import dev.slipway.environment.LeftoverClaims;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code slipway sandbox} does after start-up: apply the manifests, show progress, and with
 * {@code --exit-when-settled} stop once every applied release has settled ({@link
 * Sandbox#isSettled(ServiceRelease)}: done, failed, asleep or awaiting promotion), every applied
 * environment is Ready, Sleeping, Failed or Expired, and every applied scheduled task is scheduled
 * or stuck for a reason ({@link Sandbox#isSettled(ScheduledTask)}).
 */
public final class SandboxSession {
  /**
   * Apply this image first and the manifest's own once Ready: the crashloop example uses it to have
   * a good revision to roll back to, the blue/green one to have a revision awaiting promotion.
   */
  public static final String FIRST_IMAGE = "sandbox.slipway.dev/first-image";

  /** Writes that lose a race with another writer are made again this many times in all. */
  private static final int CONFLICT_ATTEMPTS = 5;

  private final Sandbox sandbox;
  private final PrintStream out;
  private final Set<String> applied = new LinkedHashSet<>();
  private final Set<String> appliedEnvironments = new LinkedHashSet<>();
  private final Set<String> appliedTasks = new LinkedHashSet<>();
  private final Map<String, ServiceRelease> staged = new HashMap<>();

  public SandboxSession(Sandbox sandbox, PrintStream out) {
    this.sandbox = sandbox;
    this.out = out;
  }

  /**
   * Applies the Secrets, ServiceReleases, StagingEnvironments and ScheduledTasks under the paths,
   * in order.
   */
  public void apply(List<Path> paths) throws IOException {
    for (Manifests.Loaded loaded : Manifests.inApplyOrder(Manifests.load(paths))) {
      HasMetadata r = loaded.resource();
      if (r.getMetadata().getNamespace() == null) r.getMetadata().setNamespace("default");
      if (r instanceof Secret secret) {
        applySecret(secret);
      } else if (r instanceof ServiceRelease sr) {
        applyRelease(sr);
      } else if (r instanceof StagingEnvironment env) {
        applyEnvironment(env);
      } else if (r instanceof ScheduledTask st) {
        sandbox.ensureNamespace(st.getMetadata().getNamespace());
        upsert(ScheduledTask.class, st);
        appliedTasks.add(ProgressView.key(st));
      } else {
        out.println(
            "skipping "
                + r.getKind()
                + " "
                + r.getMetadata().getName()
                + " from "
                + loaded.source()
                + " (not handled by the sandbox)");
      }
    }
  }

  private void applySecret(Secret secret) {
    sandbox.ensureNamespace(secret.getMetadata().getNamespace());
    sandbox.client().resource(secret).createOr(c -> c.update());
  }

  private void applyRelease(ServiceRelease sr) {
    sandbox.ensureNamespace(sr.getMetadata().getNamespace());
    sandbox.seedFor(sr);
    String key = ProgressView.key(sr);
    String first =
        sr.getMetadata().getAnnotations() == null
            ? null
            : sr.getMetadata().getAnnotations().get(FIRST_IMAGE);
    if (first != null
        && sr.getSpec() != null
        && !sr.getSpec().taskDefinition.containers.isEmpty()) {
      staged.put(key, sr);
      upsert(ServiceRelease.class, withFirstImage(sr, first));
    } else {
      upsert(ServiceRelease.class, sr);
    }
    applied.add(key);
  }

  private void applyEnvironment(StagingEnvironment env) {
    sandbox.ensureNamespace(env.getMetadata().getNamespace());
    sandbox.seedFor(env);
    if (!env.isBranch()) sweepEarlierRuns(env);
    upsert(StagingEnvironment.class, env);
    appliedEnvironments.add(ProgressView.key(env));
  }

  /**
   * The embedded API starts empty, but the local databases still hold what the previous sandbox
   * run's branch environments claimed; their owners are gone, so nothing would ever remove it and
   * the same branches would be refused. Remove it, and say so.
   */
  private void sweepEarlierRuns(StagingEnvironment shared) {
    try {
      for (String removed : LeftoverClaims.sweep(sandbox.client(), shared)) {
        out.println("removed a leftover of an earlier sandbox run: " + removed);
      }
    } catch (RuntimeException e) {
      out.println(
          "could not look for leftovers of earlier sandbox runs of "
              + shared.getMetadata().getName()
              + ": "
              + e.getMessage());
    }
  }

  private static ServiceRelease withFirstImage(ServiceRelease sr, String image) {
    ServiceRelease copy = sandboxCopy(sr);
    ContainerSpec c = copy.getSpec().taskDefinition.containers.get(0);
    c.image = image;
    return copy;
  }

  private static ServiceRelease sandboxCopy(ServiceRelease sr) {
    return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(sr, ServiceRelease.class);
  }

  /**
   * Creates the resource, or gives the existing one this spec, labels and annotations. The operator
   * writes the same object (finalizer, status) and so may a person with kubectl at the same moment:
   * a write that lost that race (409) is made again on what is stored now.
   */
  private <S, T extends CustomResource<S, ?>> void upsert(Class<T> type, T desired) {
    for (int attempt = 1; ; attempt++) {
      try {
        createOrEdit(type, desired);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CONFLICT_ATTEMPTS) throw e;
      }
    }
  }

  private <S, T extends CustomResource<S, ?>> void createOrEdit(Class<T> type, T desired) {
    var inNamespace =
        sandbox.client().resources(type).inNamespace(desired.getMetadata().getNamespace());
    var resource = inNamespace.withName(desired.getMetadata().getName());
    if (resource.get() == null) {
      inNamespace.resource(desired).create();
    } else {
      resource.edit(
          existing -> {
            existing.setSpec(desired.getSpec());
            existing.getMetadata().setLabels(desired.getMetadata().getLabels());
            existing.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
            return existing;
          });
    }
  }

  /**
   * Shows progress until interrupted, or until settled when {@code exitWhenSettled}; returns the
   * exit code.
   */
  public int watch(ProgressViewMode mode, boolean exitWhenSettled, Duration timeout)
      throws InterruptedException {
    ProgressView view = new ProgressView(out, mode == ProgressViewMode.REDRAW);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ServiceRelease> all =
          sandbox.client().resources(ServiceRelease.class).inAnyNamespace().list().getItems();
      List<StagingEnvironment> environments =
          sandbox.client().resources(StagingEnvironment.class).inAnyNamespace().list().getItems();
      List<ScheduledTask> tasks =
          sandbox.client().resources(ScheduledTask.class).inAnyNamespace().list().getItems();
      // What was just applied is not in this listing: judge settling on the next one.
      boolean justApplied = promoteStaged(all);
      view.show(all, environments, tasks);
      if (exitWhenSettled && !justApplied) {
        List<ServiceRelease> mine = mine(all, applied);
        List<StagingEnvironment> myEnvironments = mine(environments, appliedEnvironments);
        List<ScheduledTask> myTasks = mine(tasks, appliedTasks);
        boolean settled =
            mine.size() == applied.size()
                && myEnvironments.size() == appliedEnvironments.size()
                && myTasks.size() == appliedTasks.size()
                && staged.isEmpty()
                && mine.stream().allMatch(Sandbox::isSettled)
                && myEnvironments.stream().allMatch(Sandbox::isSettled)
                && myTasks.stream().allMatch(Sandbox::isSettled);
        if (settled || System.nanoTime() > deadline) {
          out.println();
          report(mine, myEnvironments, myTasks);
          if (!settled)
            out.println("sandbox: resources did not settle within " + timeout.toSeconds() + "s");
          return settled ? 0 : 2;
        }
      }
      Thread.sleep(500);
    }
  }

  private static <T extends HasMetadata> List<T> mine(List<T> all, Set<String> keys) {
    return all.stream().filter(r -> keys.contains(ProgressView.key(r))).toList();
  }

  /** One "namespace/name PHASE" line per applied resource; Ready environments add their URL. */
  private void report(
      List<ServiceRelease> releases,
      List<StagingEnvironment> environments,
      List<ScheduledTask> tasks) {
    List<String> lines = new ArrayList<>();
    releases.forEach(sr -> lines.add(ProgressView.key(sr) + " " + phase(sr)));
    environments.forEach(env -> lines.add(ProgressView.key(env) + " " + phaseAndUrl(env)));
    tasks.forEach(st -> lines.add(ProgressView.key(st) + " " + phase(st)));
    lines.stream().sorted().forEach(out::println);
  }

  private static String phase(ServiceRelease sr) {
    return sr.getStatus() == null ? "Pending" : String.valueOf(sr.getStatus().phase);
  }

  private static String phase(ScheduledTask st) {
    return st.getStatus() == null || st.getStatus().phase == null
        ? "Pending"
        : st.getStatus().phase.name();
  }

  private static String phaseAndUrl(StagingEnvironment env) {
    StagingEnvironmentStatus s = env.getStatus();
    if (s == null || s.phase == null) return "Pending";
    boolean withUrl = s.phase == StagingEnvironmentStatus.Phase.Ready && s.url != null;
    return withUrl ? s.phase + " " + s.url : s.phase.name();
  }

  /**
   * Applies the real spec of a staged resource once its first image is Ready; whether it applied
   * any.
   */
  private boolean promoteStaged(List<ServiceRelease> all) {
    boolean applied = false;
    for (ServiceRelease sr : new ArrayList<>(all)) {
      ServiceRelease real = staged.get(ProgressView.key(sr));
      if (real == null || !Sandbox.isSettled(sr)) continue;
      staged.remove(ProgressView.key(sr));
      // A first image that did not become Ready is reported as it is.
      if (sr.getStatus().phase == Phase.Ready) {
        upsert(ServiceRelease.class, real);
        applied = true;
      }
    }
    return applied;
  }

  /** How progress is drawn. */
  public enum ProgressViewMode {
    REDRAW,
    LINES
  }
}
