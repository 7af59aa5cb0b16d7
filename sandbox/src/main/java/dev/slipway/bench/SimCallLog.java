package dev.slipway.bench;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.ThrottleBucket;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * An {@link AwsClientFactory} decorator that notes every call the operator makes, on the simulated
 * clock, with the resource whose pass made it ({@link PassLog#current()}), and the tasks each
 * RunTask started under which startedBy: enough to count calls per batch and hour, replay AWS's
 * buckets on simulated time, and tell whether a slot got more than one task.
 */
final class SimCallLog {
  /** One call AWS answered (a throttled call takes no token and is not noted). */
  record Call(long simNanos, String service, String operation, String resource) {
    List<ThrottleBucket> buckets() {
      return ThrottleBucket.forCall(service, operation);
    }
  }

  /** The tasks one RunTask started. */
  record Started(String resource, String startedBy, List<String> taskArns) {}

  /** Factory method → the service name {@link ThrottleBucket#forCall} knows. */
  private static final Map<String, String> SERVICES =
      Map.of("ecs", "ecs", "sts", "sts", "scheduler", "scheduler");

  private final Clock clock;
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final Queue<Started> started = new ConcurrentLinkedQueue<>();
  private final Map<Object, Object> wrapped = new ConcurrentHashMap<>();

  SimCallLog(Clock clock) {
    this.clock = clock;
  }

  /** The operator's factory: {@code delegate} with every ECS, STS and Scheduler client noted. */
  AwsClientFactory wrap(AwsClientFactory delegate) {
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
              return wrapped.computeIfAbsent(
                  client, c -> recording(c, method.getReturnType(), service));
            });
  }

  /** Forgets every call so far (the measured period starts). */
  void reset() {
    calls.clear();
    started.clear();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Started> started() {
    return List.copyOf(started);
  }

  private Object recording(Object real, Class<?> type, String service) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          long now = CompressedOperator.epochNanos(clock.instant());
          try {
            Object result = invoke(real, method, args);
            note(service, method, args, now, result);
            return result;
          } catch (AwsServiceException e) {
            if (!e.isThrottlingException()) note(service, method, args, now, null);
            throw e;
          }
        });
  }

  private void note(String service, Method method, Object[] args, long nanos, Object result) {
    // API calls take one argument (the request or a builder consumer); close(), serviceName() and
    // the like take none and are not calls to AWS.
    String name = method.getName();
    if (args == null || args.length != 1 || name.endsWith("Paginator")) return;
    String operation = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    try {
      ThrottleBucket.forCall(service, operation.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return;
    }
    String resource = PassLog.current();
    calls.add(new Call(nanos, service, operation, resource));
    if (result instanceof RunTaskResponse r && args[0] instanceof RunTaskRequest request) {
      started.add(
          new Started(
              resource, request.startedBy(), r.tasks().stream().map(Task::taskArn).toList()));
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
