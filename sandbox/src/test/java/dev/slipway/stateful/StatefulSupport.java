package dev.slipway.stateful;

import ch.qos.logback.classic.Level;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.runtime.OperatorOptions;
import dev.slipway.sandbox.kube.EmbeddedKubeApi;
import dev.slipway.testing.LogLevels;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * What both stateful tests share: the embedded API server with Slipway's CRDs, the knobs that scale
 * a run (system properties), and unique names so concurrent runs never share a schema.
 */
final class StatefulSupport {
  /**
   * How the operator runs in the sequences: production's defaults, with polls that fit the
   * simulator's seconds-long rollouts, a 10-minute resync (so a settled world is quiet), a short
   * release history, and JOSDK retry from 1 s capped at 60 s.
   */
  static final OperatorOptions OPTIONS =
      OperatorOptions.defaults()
          .withRelease(
              new ReleaseSettings(
                  Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMinutes(10), 3))
          .withRetry(Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** Sequences per test: 200 by default, more for the long profile. */
  static final int TRIES = Integer.getInteger("slipway.stateful.tries", 200);

  /** Longest sequence (at least 3): 8 by default, longer for the long profile. */
  static final int MAX_STEPS = Math.max(3, Integer.getInteger("slipway.stateful.maxSteps", 8));

  /** Sequences run at once (each in its own namespace, simulator and proxies). */
  static final int PARALLEL = Integer.getInteger("slipway.stateful.parallel", 2);

  /** Seed of the first sequence (a replay sets it with tries=1); random when unset. */
  static final long BASE_SEED =
      Long.getLong("slipway.stateful.seed", new SecureRandom().nextLong() & 0xffff_ffffL);

  /** Shrink the shortest failing sequence of each broken invariant (slow; off in CI). */
  static final boolean MINIMIZE = Boolean.getBoolean("slipway.stateful.minimize");

  /** Print every step, its violations and the world after it (for replaying one seed). */
  static final boolean TRACE = Boolean.getBoolean("slipway.stateful.trace");

  /** Three characters that keep this JVM's schema, key and namespace names apart from others'. */
  static final String RUN = token();

  private StatefulSupport() {}

  /** The embedded API server with both CRDs installed (admission on, as kubectl would see it). */
  static EmbeddedKubeApi startApi() {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(0);
    for (String crd :
        List.of(
            "servicereleases.slipway.dev-v1.yml",
            "stagingenvironments.slipway.dev-v1.yml",
            "scheduledtasks.slipway.dev-v1.yml")) {
      try (InputStream in = StatefulSupport.class.getResourceAsStream("/META-INF/fabric8/" + crd)) {
        api.installCrds(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read CRD " + crd, e);
      }
    }
    return api;
  }

  /**
   * Closes the API server without hanging the test JVM: Vert.x's close has been seen to wait
   * forever, so give it a few seconds on a daemon thread. Puts back the log levels {@link
   * #quietLogs} changed: the ITs after this class share the JVM.
   */
  static void stopApi(EmbeddedKubeApi api) {
    quiet.restore();
    Thread closer = new Thread(api::close, "close-embedded-api");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A client of its own for the operator (and one for the test), so the two never share a
   * connection pool or a request queue.
   */
  /** A client of the API server, for the test's own reads and writes. */
  static KubernetesClient client(EmbeddedKubeApi api) {
    return builder(api).build();
  }

  /**
   * A client for one sequence's operator that reports its writes to Slipway's resources, so the
   * step driver reads again only what may have changed.
   */
  static KubernetesClient operatorClient(EmbeddedKubeApi api, ApiWrites writes) {
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            writes.record(request.method(), request.uri().getPath());
          }
        };
    return builder(api)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("writes", recorder))
        .build();
  }

  private static KubernetesClientBuilder builder(EmbeddedKubeApi api) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(api.url())
            .withRequestRetryBackoffLimit(3)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory());
  }

  /** "sw" + run + sequence index: the prefix of every name one sequence makes. */
  static String prefix(int index) {
    String n = Integer.toString(index, 36);
    return "sw" + RUN + "0".repeat(Math.max(0, 3 - n.length())) + n;
  }

  /**
   * The operator logs a warning per failed pass, and the sequences fail passes on purpose (cut
   * datastores, missing Secrets): keep the console for the report.
   */
  private static LogLevels quiet = LogLevels.set(Level.ERROR, List.of());

  static void quietLogs() {
    quiet =
        LogLevels.set(
                Level.ERROR,
                List.of(
                    "dev.slipway",
                    "io.lettuce",
                    "io.netty",
                    "io.fabric8",
                    "io.vertx",
                    "org.mariadb",
                    "org.postgresql"))
            .and("dev.slipway.stateful", Level.INFO);
  }

  private static String token() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 3; i++) out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return out.toString();
  }
}
