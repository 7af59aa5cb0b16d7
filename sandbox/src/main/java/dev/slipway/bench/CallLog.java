package dev.slipway.bench;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.ThrottleBucket;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An {@link AwsClientFactory} decorator that notes when AWS took a token for each of the operator's
 * calls, per throttle bucket, so a phase can replay AWS's buckets and tell how close it came to
 * being throttled. It wraps whatever clients the factory hands out (a dynamic proxy over the
 * interface), so datastore clients added later are covered without changes here.
 */
public final class CallLog {
  /** Factory method → the service name {@link ThrottleBucket#forCall} knows. */
  private static final Map<String, String> SERVICES =
      Map.ofEntries(
          Map.entry("ecs", "ecs"),
          Map.entry("elb", "elasticloadbalancing"),
          Map.entry("sts", "sts"),
          Map.entry("autoscaling", "application-autoscaling"),
          Map.entry("rds", "rds"),
          Map.entry("elasticache", "elasticache"),
          Map.entry("s3", "s3"),
          Map.entry("opensearch", "es"),
          Map.entry("ecr", "ecr"),
          Map.entry("secretsManager", "secretsmanager"),
          Map.entry("ssm", "ssm"),
          Map.entry("logs", "logs"),
          Map.entry("iam", "iam"));

  private final Map<ThrottleBucket, Queue<Long>> taken = new ConcurrentHashMap<>();
  private final Map<Object, Object> wrapped = new ConcurrentHashMap<>();

  /** The operator's factory: {@code delegate} with every client it returns recorded. */
  public AwsClientFactory wrap(AwsClientFactory delegate) {
    return (AwsClientFactory)
        Proxy.newProxyInstance(
            AwsClientFactory.class.getClassLoader(),
            new Class<?>[] {AwsClientFactory.class},
            (proxy, method, args) -> {
              Object client = invoke(delegate, method, args);
              String service = SERVICES.get(method.getName());
              if (service == null || client == null || !method.getReturnType().isInterface()) {
                return client;
              }
              // Ports ask for a client on every call; one proxy per client keeps that cheap.
              return wrapped.computeIfAbsent(
                  client, c -> recording(c, method.getReturnType(), service));
            });
  }

  /** Forgets every call so far (at the start of a phase). */
  public void reset() {
    taken.clear();
  }

  /**
   * Per bucket the calls drew from since the last reset, the lowest level AWS's bucket (starting
   * full) fell to; see {@link Bounds#lowestLevel}.
   */
  public Map<String, Double> lowestLevels() {
    Map<String, Double> levels = new TreeMap<>();
    taken.forEach(
        (b, nanos) ->
            levels.put(b.name(), Bounds.lowestLevel(nanos, b.burst(), b.refillPerSecond())));
    return levels;
  }

  private Object recording(Object real, Class<?> type, String service) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          long now = System.nanoTime();
          try {
            Object result = invoke(real, method, args);
            note(service, method, args, now);
            return result;
          } catch (AwsServiceException e) {
            // A throttled call took no token; any other answer from AWS did.
            if (!e.isThrottlingException()) note(service, method, args, now);
            throw e;
          }
        });
  }

  private void note(String service, Method method, Object[] args, long nanos) {
    // API calls take one argument (the request or a builder consumer); close(), serviceName(),
    // waiter() and the like take none and are not calls to AWS.
    String name = method.getName();
    if (args == null || args.length != 1 || name.endsWith("Paginator")) return;
    String operation = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    List<ThrottleBucket> buckets;
    try {
      buckets = ThrottleBucket.forCall(service, operation.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return;
    }
    for (ThrottleBucket b : buckets) {
      taken.computeIfAbsent(b, k -> new ConcurrentLinkedQueue<>()).add(nanos);
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
