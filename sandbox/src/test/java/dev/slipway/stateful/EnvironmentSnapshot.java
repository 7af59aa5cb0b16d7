package dev.slipway.stateful;

import dev.slipway.stateful.EnvironmentModel.Env;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What exists in one sequence's world right now, read once per check: its environments and releases
 * (by uid), AWS resources other than the fixtures, its schemas on both servers and its Redis keys,
 * and who among the live environments claims which of them.
 */
record EnvironmentSnapshot(
    Map<String, Obj> envs,
    Map<String, Obj> releases,
    Set<String> resources,
    Map<Engine, List<String>> schemas,
    List<String> keys) {

  static EnvironmentSnapshot take(EnvironmentWorld w) {
    Map<String, Obj> envs = new LinkedHashMap<>();
    w.api.list(Api.ENVIRONMENT).forEach(o -> envs.put(o.uid(), o));
    Map<String, Obj> releases = new LinkedHashMap<>();
    w.api.list(Api.RELEASE).forEach(o -> releases.put(o.uid(), o));
    Set<String> resources = w.account.resources();
    resources.removeAll(w.fixtures);
    Map<Engine, List<String>> schemas = new EnumMap<>(Engine.class);
    for (Engine e : Engine.values()) schemas.put(e, w.stores.schemas(e, w.prefix));
    return new EnvironmentSnapshot(envs, releases, resources, schemas, w.stores.keys(w.prefix));
  }

  /** Environments that exist and have not expired: the ones that may hold anything. */
  Stream<Obj> liveEnvs() {
    return envs.values().stream().filter(o -> !"Expired".equals(o.phase()));
  }

  /** Every environment that still exists, expired ones included. */
  Stream<Obj> existingEnvs() {
    return envs.values().stream();
  }

  /** The object that made something is still there (an expired environment holds nothing). */
  boolean alive(Actor a) {
    Obj env = envs.get(a.uid());
    return releases.containsKey(a.uid()) || (env != null && !"Expired".equals(env.phase()));
  }

  /** Another live environment of the same engine names this schema in its status. */
  boolean schemaClaimed(EnvironmentModel model, Engine engine, String schema, Env except) {
    return schemaClaimed(model, engine, schema, except, false);
  }

  /**
   * As above; with {@code expiredToo}, an expired environment counts as well (its teardown is held
   * up, so what it made is still its own).
   */
  boolean schemaClaimed(
      EnvironmentModel model, Engine engine, String schema, Env except, boolean expiredToo) {
    return model.envs.values().stream()
        .filter(f -> f != except && f.engine == engine && f.uid != null)
        .map(f -> envs.get(f.uid))
        .filter(o -> o != null && (expiredToo || !"Expired".equals(o.phase())))
        .anyMatch(o -> schema.equals(o.status("schema")));
  }

  /** Another live environment names this Redis namespace in its status. */
  boolean namespaceClaimed(String namespace, Env except) {
    return liveEnvs()
        .filter(o -> except == null || !o.uid().equals(except.uid))
        .anyMatch(o -> namespace.equals(o.status("redisNamespace")));
  }

  List<String> keysOf(String namespace) {
    return keys.stream().filter(k -> k.startsWith(namespace + ":")).toList();
  }
}
