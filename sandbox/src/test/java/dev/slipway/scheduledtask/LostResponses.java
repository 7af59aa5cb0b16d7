package dev.slipway.scheduledtask;

import dev.slipway.aws.AwsClientFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The operator's AWS with one fault on demand: AWS carries out the next call of an armed operation
 * (e.g. {@code runTask}, {@code createSchedule}) and its answer never comes back, as when the
 * connection drops or the pod dies right after AWS acted. The pass fails and its status write is
 * lost, so the next pass must find what the call did instead of doing it again. The test's own
 * calls go to the simulator directly and never meet the fault.
 */
final class LostResponses {
  private final Set<String> armed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger lost = new AtomicInteger();

  /** The next call of {@code operation} (an SDK method name) loses its answer. */
  void arm(String operation) {
    armed.add(operation);
  }

  void disarm() {
    armed.clear();
  }

  /** How many answers were lost so far. */
  int lost() {
    return lost.get();
  }

  /** {@code real} with its ECS and EventBridge Scheduler clients behind the fault. */
  AwsClientFactory wrap(AwsClientFactory real) {
    return (AwsClientFactory)
        Proxy.newProxyInstance(
            AwsClientFactory.class.getClassLoader(),
            new Class<?>[] {AwsClientFactory.class},
            (proxy, method, args) -> {
              Object client = forward(real, method, args);
              boolean faulty =
                  method.getName().equals("ecs") || method.getName().equals("scheduler");
              return faulty ? tapped(method.getReturnType(), client) : client;
            });
  }

  private Object tapped(Class<?> type, Object client) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Tap(client));
  }

  /** Forwards one client's calls; an armed operation is carried out, then its answer is lost. */
  private final class Tap implements InvocationHandler {
    private final Object client;

    Tap(Object client) {
      this.client = client;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.isDefault() && !implemented(method)) {
        // Builder-style overloads build the request and come back through the request overload.
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      Object response = forward(client, method, args);
      boolean awsCall = args != null && args.length == 1 && args[0] instanceof SdkRequest;
      if (awsCall && armed.remove(method.getName())) {
        lost.incrementAndGet();
        throw SdkClientException.create(
            "test fault: the answer to " + method.getName() + " was lost after AWS acted");
      }
      return response;
    }

    private boolean implemented(Method method) {
      try {
        return !client
            .getClass()
            .getMethod(method.getName(), method.getParameterTypes())
            .getDeclaringClass()
            .isInterface();
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  }

  private static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
