package dev.slipway.bench;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An {@link AwsClientFactory} decorator that notes when each ECS service (by name) and each task
 * definition family first received a successful write since the last {@link #reset()}. It sees the
 * operator's calls exactly as AWS would, so the benchmark needs no hooks in production code.
 */
public final class WriteRecorder implements AwsClientFactory {
  /** The kinds of write the benchmark times. */
  public enum Write {
    REGISTER_TASK_DEFINITION,
    CREATE_SERVICE,
    UPDATE_SERVICE
  }

  private final AwsClientFactory delegate;
  private final Map<AwsTarget, EcsClient> ecsClients = new ConcurrentHashMap<>();
  private final Map<Write, Map<String, Long>> first = new ConcurrentHashMap<>();

  public WriteRecorder(AwsClientFactory delegate) {
    this.delegate = delegate;
    reset();
  }

  /** Forgets everything recorded so far; the next write of each name counts as the first. */
  public void reset() {
    for (Write w : Write.values()) first.put(w, new ConcurrentHashMap<>());
  }

  /** {@link System#nanoTime()} when {@code name} (service or family) first got {@code write}. */
  public Optional<Long> firstNanos(Write write, String name) {
    return Optional.ofNullable(first.get(write).get(name));
  }

  @Override
  public EcsClient ecs(AwsTarget target) {
    // EcsPort asks for the client on every call; one proxy per target keeps that cheap.
    return ecsClients.computeIfAbsent(target, t -> recording(delegate.ecs(t)));
  }

  @Override
  public ElasticLoadBalancingV2Client elb(AwsTarget target) {
    return delegate.elb(target);
  }

  @Override
  public StsClient sts(AwsTarget target) {
    return delegate.sts(target);
  }

  @Override
  public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
    return delegate.autoscaling(target);
  }

  // Preflight checks read these; a benchmark manifest may have them.

  @Override
  public S3Client s3(AwsTarget target) {
    return delegate.s3(target);
  }

  @Override
  public EcrClient ecr(AwsTarget target) {
    return delegate.ecr(target);
  }

  private EcsClient recording(EcsClient real) {
    return (EcsClient)
        Proxy.newProxyInstance(
            EcsClient.class.getClassLoader(),
            new Class<?>[] {EcsClient.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              // Only writes that AWS accepted count: a throttled attempt changed nothing.
              note(method, args);
              return result;
            });
  }

  private void note(Method method, Object[] args) {
    if (args == null || args.length != 1) return;
    Object request = args[0];
    long now = System.nanoTime();
    switch (method.getName()) {
      case "registerTaskDefinition" -> {
        RegisterTaskDefinitionRequest r =
            request instanceof Consumer<?> c
                ? build(RegisterTaskDefinitionRequest.builder(), c)
                : (RegisterTaskDefinitionRequest) request;
        record(Write.REGISTER_TASK_DEFINITION, r.family(), now);
      }
      case "createService" -> {
        CreateServiceRequest r =
            request instanceof Consumer<?> c
                ? build(CreateServiceRequest.builder(), c)
                : (CreateServiceRequest) request;
        record(Write.CREATE_SERVICE, r.serviceName(), now);
      }
      case "updateService" -> {
        UpdateServiceRequest r =
            request instanceof Consumer<?> c
                ? build(UpdateServiceRequest.builder(), c)
                : (UpdateServiceRequest) request;
        record(Write.UPDATE_SERVICE, shortName(r.service()), now);
      }
      default -> {
        // Reads and other writes are not timed.
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> T build(Object builder, Consumer consumer) {
    consumer.accept(builder);
    return (T) ((software.amazon.awssdk.utils.builder.SdkBuilder) builder).build();
  }

  private void record(Write write, String name, long nanos) {
    if (name != null) first.get(write).putIfAbsent(name, nanos);
  }

  /** UpdateService accepts a name or an ARN ("…:service/cluster/name"); keep the name. */
  static String shortName(String service) {
    return service == null ? null : service.substring(service.lastIndexOf('/') + 1);
  }
}
