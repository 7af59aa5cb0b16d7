package dev.slipway.stateful;

import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.stateful.EnvironmentManifests.Shared;
import dev.slipway.stateful.EnvironmentSteps.Burst;
import dev.slipway.stateful.EnvironmentSteps.CreateBranch;
import dev.slipway.stateful.EnvironmentSteps.CreateShared;
import dev.slipway.stateful.EnvironmentSteps.Cut;
import dev.slipway.stateful.EnvironmentSteps.Delete;
import dev.slipway.stateful.EnvironmentSteps.ExpireTtl;
import dev.slipway.stateful.EnvironmentSteps.Flaw;
import dev.slipway.stateful.EnvironmentSteps.RemoveSecret;
import dev.slipway.stateful.EnvironmentSteps.Restart;
import dev.slipway.stateful.EnvironmentSteps.Restore;
import dev.slipway.stateful.EnvironmentSteps.RestoreSecret;
import dev.slipway.stateful.EnvironmentSteps.Revive;
import dev.slipway.stateful.EnvironmentSteps.Routing;
import dev.slipway.stateful.EnvironmentSteps.Step;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One StagingEnvironment sequence's world: its own namespace and name prefix, a fresh simulated
 * account with a QA load balancer and listener, the shared datastores behind their proxies, and the
 * operator under the step driver. Runs steps, then lets the invariants look.
 */
final class EnvironmentWorld implements SequenceRunner.World<Step> {
  final String prefix;
  final Api api;
  final Datastores stores;
  final SimAccount account;
  final CallLedger ledger = new CallLedger();
  final CrashPlan crashes = new CrashPlan();
  final Lineage lineage;
  private final ApiWrites apiWrites = new ApiWrites();
  private final EmbeddedKubeApi server;
  private final KubernetesClient operatorClient;
  final StepDriver driver;
  final EnvironmentModel model = new EnvironmentModel();
  final Set<String> fixtures;
  final String loadBalancer;
  final String listener;
  private final EnvironmentInvariants invariants;
  private int sharedCount;

  EnvironmentWorld(KubernetesClient client, EmbeddedKubeApi server, String prefix, long seed) {
    this.prefix = prefix;
    this.server = server;
    this.stores = new Datastores();
    this.api = new Api(client, "st-" + prefix);
    this.account = new SimAccount(seed);
    this.lineage = new Lineage(client);
    this.operatorClient = StatefulSupport.operatorClient(server, apiWrites);
    api.createNamespace();
    for (Engine engine : Engine.values()) api.createSecret(secretName(engine), "root");
    account.aws.createCluster(SimAccount.ACCOUNT, SimAccount.REGION, EnvironmentManifests.CLUSTER);
    this.loadBalancer = account.aws.createLoadBalancer(SimAccount.ACCOUNT, SimAccount.REGION, "qa");
    String fallback =
        account.aws.createTargetGroup(SimAccount.ACCOUNT, SimAccount.REGION, "qa-404", 80);
    this.listener =
        account.aws.createListener(
            SimAccount.ACCOUNT, SimAccount.REGION, loadBalancer, 443, fallback);
    this.fixtures = account.resources();
    stores.onOperatorConnection(() -> crashes.datastoreConnected("datastore"));
    stores.onStatement((engine, sql) -> SqlEffects.record(ledger, engine, sql));
    this.driver =
        new StepDriver(
            operatorClient,
            new AwsTap(account.aws, ledger, crashes),
            account.clock,
            StatefulSupport.OPTIONS,
            api.namespace(),
            ledger,
            crashes,
            lineage,
            apiWrites,
            account::inventory,
            StepDriver.Settings.defaults().withQuiet(Duration.ofSeconds(20)));
    this.invariants = new EnvironmentInvariants(this);
    driver.restart();
  }

  static String secretName(Engine engine) {
    return "db-admin-" + engine.manifest;
  }

  @Override
  public void apply(Step step) {
    if (step instanceof Restart r) {
      driver.restartStep(r.via(), r.k(), r.stayDown());
      return;
    }
    perform(step);
    driver.react(step instanceof Restore || step instanceof RestoreSecret);
  }

  private void perform(Step step) {
    if (step instanceof CreateShared s) {
      createShared(s);
    } else if (step instanceof CreateBranch b) {
      createBranch(b);
    } else if (step instanceof Burst b) {
      b.creates().forEach(this::createBranch);
    } else if (step instanceof Delete d) {
      api.delete(Api.ENVIRONMENT, d.name());
    } else if (step instanceof Revive r) {
      revive(r);
    } else if (step instanceof ExpireTtl) {
      account.clock.advance(EnvironmentModel.TTL.plusMinutes(1));
    } else if (step instanceof Cut c) {
      stores.cut(c.store());
    } else if (step instanceof Restore r) {
      stores.restore(r.store());
    } else if (step instanceof RemoveSecret r) {
      api.deleteSecret(secretName(r.engine()));
      model.secretsRemoved.add(r.engine());
    } else if (step instanceof RestoreSecret r) {
      api.createSecret(secretName(r.engine()), "root");
      model.secretsRemoved.remove(r.engine());
      model.sharedMayBeValidAgain();
    }
  }

  private void createShared(CreateShared s) {
    int index = sharedCount++;
    EnvironmentModel.Shared twin = s.twinOf() == null ? null : model.shared.get(s.twinOf());
    String letter = twin == null ? s.name() : twin.patternKey;
    String schema = prefix + letter + "_{branch}";
    if (s.flaw() == Flaw.LONG_PATTERN) schema = longPattern(s.engine(), letter);
    if (s.flaw() == Flaw.PG_PREFIX) schema = "pg_" + prefix + letter + "_{branch}";
    String secret = s.flaw() == Flaw.MISSING_SECRET ? "missing-admin" : secretName(s.engine());
    String routing =
        s.routing() == Routing.PORT
            ? EnvironmentManifests.portRouting(
                s.flaw() == Flaw.MISSING_LOAD_BALANCER
                    ? EnvironmentManifests.MISSING_LOAD_BALANCER
                    : loadBalancer,
                10000 + 10 * index,
                10000 + 10 * index + 4)
            : EnvironmentManifests.hostRouting(
                s.flaw() == Flaw.MISSING_LOAD_BALANCER
                    ? EnvironmentManifests.MISSING_LISTENER
                    : listener,
                s.name());
    String manifest =
        EnvironmentManifests.shared(
            new Shared(
                s.name(),
                s.engine(),
                stores.endpoint(Datastores.storeOf(s.engine())),
                secret,
                schema,
                stores.endpoint(Datastores.Store.REDIS),
                prefix + letter + ":{branch}",
                routing));
    // The CRD refuses these patterns; stored past admission they test the operator's own check.
    boolean refusedByCrd = s.flaw() == Flaw.LONG_PATTERN || s.flaw() == Flaw.PG_PREFIX;
    Obj created = refusedByCrd ? api.createPastAdmission(manifest, server) : api.create(manifest);
    model.shared.put(s.name(), new EnvironmentModel.Shared(s.name(), s.engine(), s.flaw(), letter));
    EnvironmentModel.Env env = new EnvironmentModel.Env(s.name(), null, s.engine());
    env.uid = created.uid();
    model.envs.put(s.name(), env);
  }

  /** A pattern whose fixed part leaves 4 characters for the branch: no room for slug + hash. */
  private String longPattern(Engine engine, String letter) {
    String fixed = prefix + letter + "_";
    int filler = engine.maxIdentifier() - 4 - fixed.length() - 1;
    return fixed + "x".repeat(filler) + "_{branch}";
  }

  private void createBranch(CreateBranch b) {
    EnvironmentModel.Shared parent = model.shared.get(b.shared());
    if (parent == null || api.get(Api.ENVIRONMENT, b.shared()).isEmpty()) return;
    Obj created =
        api.create(EnvironmentManifests.branch(b.name(), b.shared(), b.branch(), b.tag()));
    EnvironmentModel.Env env = new EnvironmentModel.Env(b.name(), b.shared(), parent.engine);
    env.uid = created.uid();
    env.specChangedAt = account.clock.instant();
    env.bornInvalid = model.invalid(b.shared());
    model.envs.put(b.name(), env);
  }

  private void revive(Revive r) {
    boolean changed =
        api.editSpec(Api.ENVIRONMENT, r.name(), spec -> spec.put("imageTag", r.tag()));
    EnvironmentModel.Env env = model.envs.get(r.name());
    if (changed && env != null) env.specChangedAt = account.clock.instant();
  }

  @Override
  public List<Violation> check() {
    return invariants.check(!driver.isDown());
  }

  /**
   * The end of every sequence: the causes go away (datastores back, Secrets back, operator up),
   * everything is deleted, and everything must then be gone.
   */
  @Override
  public List<Violation> finish() {
    stores.restoreAll();
    for (Engine engine : Engine.values()) api.createSecret(secretName(engine), "root");
    model.secretsRemoved.clear();
    driver.bringUp();
    List<String> names = new ArrayList<>();
    model.envs.values().stream()
        .filter(EnvironmentModel.Env::isBranch)
        .forEach(e -> names.add(e.name));
    model.envs.values().stream().filter(e -> !e.isBranch()).forEach(e -> names.add(e.name));
    names.forEach(n -> api.delete(Api.ENVIRONMENT, n));
    driver.settleThroughBackoff();
    return invariants.check(true);
  }

  @Override
  public String dump() {
    StringBuilder out = new StringBuilder();
    api.list(Api.ENVIRONMENT).forEach(o -> out.append("  stage ").append(o.summary()).append('\n'));
    api.list(Api.RELEASE).forEach(o -> out.append("  sr ").append(o.summary()).append('\n'));
    return out + driver.dump();
  }

  @Override
  public void close() {
    try {
      stores.restoreAll();
      api.wipe();
      for (Engine engine : Engine.values()) {
        stores.schemas(engine, prefix).forEach(s -> stores.dropSchema(engine, s));
      }
      stores.deleteKeys(prefix);
    } finally {
      driver.stop();
      stores.close();
      operatorClient.close();
    }
  }
}
