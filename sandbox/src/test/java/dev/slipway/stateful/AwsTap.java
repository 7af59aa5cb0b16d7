package dev.slipway.stateful;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsTarget;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The operator's view of AWS in these tests: the simulator's clients behind dynamic proxies that
 * write every effect to the {@link CallLedger} and let the {@link CrashPlan} kill the operator at a
 * chosen call. The test itself talks to the simulator directly, so its own calls are neither
 * recorded nor counted.
 */
final class AwsTap implements AwsClientFactory {
  private final AwsClientFactory simulator;
  private final CallLedger ledger;
  private final CrashPlan crashes;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  AwsTap(AwsClientFactory simulator, CallLedger ledger, CrashPlan crashes) {
    this.simulator = simulator;
    this.ledger = ledger;
    this.crashes = crashes;
  }

  @Override
  public EcsClient ecs(AwsTarget target) {
    return tapped(EcsClient.class, target, simulator.ecs(target));
  }

  @Override
  public ElasticLoadBalancingV2Client elb(AwsTarget target) {
    return tapped(ElasticLoadBalancingV2Client.class, target, simulator.elb(target));
  }

  @Override
  public StsClient sts(AwsTarget target) {
    return tapped(StsClient.class, target, simulator.sts(target));
  }

  @Override
  public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
    return tapped(ApplicationAutoScalingClient.class, target, simulator.autoscaling(target));
  }

  private <T> T tapped(Class<T> type, AwsTarget target, T client) {
    String key = type.getSimpleName() + "/" + target.key();
    return type.cast(
        clients.computeIfAbsent(
            key,
            k ->
                Proxy.newProxyInstance(
                    type.getClassLoader(), new Class<?>[] {type}, new Handler(client))));
  }

  /** Forwards one client's calls, recording and crashing around the ones that reach AWS. */
  private final class Handler implements InvocationHandler {
    private final Object client;

    Handler(Object client) {
      this.client = client;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.isDefault() && !implemented(method)) {
        // Builder-style overloads the client does not implement build the request and call the
        // request overload on the proxy, so the request is seen (and counted) once, below.
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      boolean awsCall = args != null && args.length == 1 && args[0] instanceof SdkRequest;
      if (!awsCall) return forward(method, args);
      String call = method.getName();
      crashes.beforeAwsCall(call);
      Object response = forward(method, args);
      AwsEffects.record(ledger, call, args[0], response);
      crashes.afterAwsCall(call);
      return response;
    }

    /** SDK client interfaces default every operation to "unsupported"; the client overrides. */
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

    private Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
