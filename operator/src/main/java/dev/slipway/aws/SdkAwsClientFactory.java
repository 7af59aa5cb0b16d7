package dev.slipway.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.IoUtils;

/**
 * Production {@link AwsClientFactory}: real SDK clients, one per (service, Region, role), with the
 * SDK's own retries off because {@link AwsCalls} retries (otherwise attempts would multiply).
 */
public final class SdkAwsClientFactory implements AwsClientFactory, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SdkAwsClientFactory.class);
  static final String SESSION_NAME = "slipway";

  /** Identifies a cached client; roleArn null means the base credentials. */
  private record Key(String service, String region, String roleArn) {}

  private final SdkClientSettings settings;
  private final AwsCredentialsProvider baseCredentials;
  // Shared by all clients; SDK clients do not close an HTTP client they were handed, we do.
  private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
  private final Map<Key, AutoCloseable> clients = new ConcurrentHashMap<>();
  // Domain endpoints are plain HTTPS, not SDK clients: one JDK client, a signer per (Region, role).
  private final Map<Key, OpenSearchHttp> openSearchHttp = new ConcurrentHashMap<>();
  private volatile java.net.http.HttpClient domainHttp;
  // Keyed by (Region, role): clients of all services for one role share refreshed credentials.
  private final Map<Key, StsAssumeRoleCredentialsProvider> roleCredentials =
      new ConcurrentHashMap<>();
  // Per Region: the base-credentials STS clients that assume the roles.
  private final Map<String, StsClient> baseSts = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Default settings and the default credentials chain. */
  public SdkAwsClientFactory() {
    this(SdkClientSettings.defaults());
  }

  /** Uses the default credentials chain (environment, profile, IRSA web identity, ...). */
  public SdkAwsClientFactory(SdkClientSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build());
  }

  /** Uses the given base credentials, from which roles are assumed. Closes them on close. */
  public SdkAwsClientFactory(SdkClientSettings settings, AwsCredentialsProvider baseCredentials) {
    this.settings = settings;
    this.baseCredentials = baseCredentials;
  }

  @Override
  public EcsClient ecs(AwsTarget target) {
    return cached("ecs", target, c -> configure(EcsClient.builder(), target.region(), c).build());
  }

  @Override
  public ElasticLoadBalancingV2Client elb(AwsTarget target) {
    return cached(
        "elasticloadbalancing",
        target,
        c -> configure(ElasticLoadBalancingV2Client.builder(), target.region(), c).build());
  }

  @Override
  public StsClient sts(AwsTarget target) {
    return cached("sts", target, c -> configure(StsClient.builder(), target.region(), c).build());
  }

  @Override
  public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
    return cached(
        "application-autoscaling",
        target,
        c -> configure(ApplicationAutoScalingClient.builder(), target.region(), c).build());
  }

  @Override
  public EcrClient ecr(AwsTarget target) {
    return cached("ecr", target, c -> configure(EcrClient.builder(), target.region(), c).build());
  }

  @Override
  public SecretsManagerClient secretsManager(AwsTarget target) {
    return cached(
        "secretsmanager",
        target,
        c -> configure(SecretsManagerClient.builder(), target.region(), c).build());
  }

  @Override
  public SsmClient ssm(AwsTarget target) {
    return cached("ssm", target, c -> configure(SsmClient.builder(), target.region(), c).build());
  }

  @Override
  public CloudWatchLogsClient logs(AwsTarget target) {
    return cached(
        "logs", target, c -> configure(CloudWatchLogsClient.builder(), target.region(), c).build());
  }

  @Override
  public RdsClient rds(AwsTarget target) {
    return cached("rds", target, c -> configure(RdsClient.builder(), target.region(), c).build());
  }

  @Override
  public ElastiCacheClient elasticache(AwsTarget target) {
    return cached(
        "elasticache",
        target,
        c -> configure(ElastiCacheClient.builder(), target.region(), c).build());
  }

  @Override
  public CloudWatchClient cloudwatch(AwsTarget target) {
    return cached(
        "cloudwatch",
        target,
        c -> configure(CloudWatchClient.builder(), target.region(), c).build());
  }

  @Override
  public SchedulerClient scheduler(AwsTarget target) {
    return cached(
        "scheduler", target, c -> configure(SchedulerClient.builder(), target.region(), c).build());
  }

  @Override
  public S3Client s3(AwsTarget target) {
    return cached("s3", target, c -> configure(S3Client.builder(), target.region(), c).build());
  }

  @Override
  public OpenSearchClient opensearch(AwsTarget target) {
    return cached(
        "opensearch",
        target,
        c -> configure(OpenSearchClient.builder(), target.region(), c).build());
  }

  @Override
  public OpenSearchHttp opensearchHttp(AwsTarget target) {
    ensureOpen();
    AwsCredentialsProvider credentials = credentials(target);
    return openSearchHttp.computeIfAbsent(
        new Key("es-http", target.region(), target.roleArn()),
        k ->
            new SigV4OpenSearchHttp(
                "https", target.region(), credentials, domainHttp(), settings.apiCallTimeout()));
  }

  private java.net.http.HttpClient domainHttp() {
    if (domainHttp == null) {
      synchronized (this) {
        if (domainHttp == null) domainHttp = SigV4OpenSearchHttp.newClient();
      }
    }
    return domainHttp;
  }

  @Override
  public IamClient iam(AwsTarget target) {
    // IAM's one endpoint; the role is still assumed through the target's Region.
    return cached(
        "iam", target, c -> configure(IamClient.builder(), Region.AWS_GLOBAL.id(), c).build());
  }

  /** Closes every client and credentials provider handed out or used; later calls fail. */
  @Override
  public synchronized void close() {
    closed = true;
    List<AutoCloseable> resources = new ArrayList<>(clients.values());
    resources.addAll(roleCredentials.values());
    resources.addAll(baseSts.values());
    resources.add(baseCredentials instanceof AutoCloseable c ? c : () -> {});
    resources.add(http);
    clients.clear();
    // The JDK client behind them has no close() before Java 21; its threads are daemons and it
    // holds connections only, no credentials.
    openSearchHttp.clear();
    roleCredentials.clear();
    baseSts.clear();
    resources.forEach(resource -> IoUtils.closeQuietly(resource, null));
    log.debug("closed {} AWS clients and credential providers", resources.size());
  }

  /**
   * Credentials are resolved before entering the client cache because resolving them may build an
   * STS client, and a ConcurrentHashMap must not be updated from inside its own computeIfAbsent.
   */
  @SuppressWarnings("unchecked")
  private <C extends AutoCloseable> C cached(
      String service, AwsTarget target, Function<AwsCredentialsProvider, C> build) {
    ensureOpen();
    AwsCredentialsProvider credentials = credentials(target);
    return (C)
        clients.computeIfAbsent(
            new Key(service, target.region(), target.roleArn()), k -> build.apply(credentials));
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
      B builder, String region, AwsCredentialsProvider credentials) {
    return builder
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(http)
        .overrideConfiguration(singleAttempt());
  }

  private ClientOverrideConfiguration singleAttempt() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(settings.apiCallTimeout())
        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
        .build();
  }

  private AwsCredentialsProvider credentials(AwsTarget target) {
    if (target.roleArn() == null) {
      return baseCredentials;
    }
    return roleCredentials.computeIfAbsent(
        new Key("sts", target.region(), target.roleArn()), this::assumeRole);
  }

  /**
   * Credentials for a role, assumed through a base-credentials STS client in the target's Region
   * and refreshed in the background before expiry, so reconcile threads never wait on STS.
   */
  private StsAssumeRoleCredentialsProvider assumeRole(Key key) {
    StsClient sts =
        baseSts.computeIfAbsent(
            key.region(),
            region -> configure(StsClient.builder(), region, baseCredentials).build());
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(
            request -> {
              request.roleArn(key.roleArn()).roleSessionName(SESSION_NAME);
              if (settings.externalId() != null) {
                request.externalId(settings.externalId());
              }
            })
        .asyncCredentialUpdateEnabled(true)
        .build();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("SdkAwsClientFactory is closed");
    }
  }
}
