package dev.slipway.sandbox.sim;

import dev.slipway.aws.AwsClientFactory;
import dev.slipway.aws.AwsTarget;
import dev.slipway.aws.OpenSearchHttp;
import dev.slipway.aws.SigV4OpenSearchHttp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.opensearch.OpenSearchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An in-process model of the AWS services Slipway uses (ECS, ELBv2, STS, Application Auto Scaling),
 * handed out through the same factory interface as real SDK clients. State is kept per (caller
 * account, region); the caller account is the one inside the target's role ARN, or the default
 * account when there is no role.
 */
public final class AwsSimulator implements AwsClientFactory, AutoCloseable {
  private final SimClock clock;
  private final String defaultAccountId;
  private final SimTimings timings;
  private final long seed;
  private final Faults faults;
  private final CallGate gate;
  private final Map<String, RegionState> regions = new ConcurrentHashMap<>();
  private final Map<String, Object> clients = new ConcurrentHashMap<>();
  private final OpenSearchSeeding openSearch;
  private final S3Model s3Model;
  private final ElastiCacheContext elastiCache;
  private final RdsDirectory rdsDirectory;
  private final HttpClient domainHttp = SigV4OpenSearchHttp.newClient();
  private final Traffic traffic = new Traffic(this);
  private final DeploymentSettings deployments;

  private AwsSimulator(Builder b) {
    this.clock = b.clock;
    this.defaultAccountId = b.defaultAccountId;
    this.timings = b.timings;
    this.deployments = new DeploymentSettings(b.deploymentTimings);
    this.seed = b.seed;
    this.faults = new Faults(b.seed);
    b.faultRules.forEach(faults::set);
    this.gate = new CallGate(faults, b.throttling);
    this.openSearch = new OpenSearchSeeding(this, gate, b.openSearchTimings, b.seed);
    this.s3Model = new S3Model(clock);
    this.elastiCache = new ElastiCacheContext(s3Model, b.elastiCacheTimings, b.seed, faults);
    this.rdsDirectory = new RdsDirectory(this::state, regions::values, b.rdsTimings, faults);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EcsClient ecs(AwsTarget target) {
    return client("ecs", target, () -> new EcsSimulator(gate, state(target), principal(target)));
  }

  @Override
  public ElasticLoadBalancingV2Client elb(AwsTarget target) {
    return client("elb", target, () -> new ElbSimulator(gate, state(target)));
  }

  @Override
  public StsClient sts(AwsTarget target) {
    return client("sts", target, () -> new StsSimulator(gate, state(target), target.roleArn()));
  }

  @Override
  public ApplicationAutoScalingClient autoscaling(AwsTarget target) {
    return client("autoscaling", target, () -> new AutoScalingSimulator(gate, state(target)));
  }

  @Override
  public EcrClient ecr(AwsTarget target) {
    return client("ecr", target, () -> new EcrSimulator(gate, state(target)));
  }

  @Override
  public SecretsManagerClient secretsManager(AwsTarget target) {
    return client("secretsmanager", target, () -> new SecretsSimulator(gate, state(target)));
  }

  @Override
  public SsmClient ssm(AwsTarget target) {
    return client("ssm", target, () -> new SsmSimulator(gate, state(target)));
  }

  @Override
  public CloudWatchLogsClient logs(AwsTarget target) {
    return client("logs", target, () -> new LogsSimulator(gate, state(target)));
  }

  @Override
  public IamClient iam(AwsTarget target) {
    return client(
        "iam",
        target,
        () -> new IamSimulator(gate, state(callerAccount(target), IamSimulator.GLOBAL)));
  }

  @Override
  public CloudWatchClient cloudwatch(AwsTarget target) {
    return client("cloudwatch", target, () -> new CloudWatchSimulator(gate, state(target)));
  }

  /**
   * Sets a CloudWatch alarm's state (OK, ALARM or INSUFFICIENT_DATA), creating the alarm if needed.
   * ECS deployments that list the alarm in {@code deploymentConfiguration.alarms} react on their
   * next simulated step.
   */
  public void setAlarmState(String accountId, String region, String alarmName, String state) {
    if (!List.of("OK", "ALARM", "INSUFFICIENT_DATA").contains(state)) {
      throw new IllegalArgumentException("alarm states are OK, ALARM and INSUFFICIENT_DATA");
    }
    locked(
        accountId,
        region,
        rs -> rs.alarms.set(rs, alarmName, state, "Set by the sandbox: " + state));
  }

  @Override
  public SchedulerClient scheduler(AwsTarget target) {
    return client("scheduler", target, () -> new SchedulerSimulator(gate, state(target)));
  }

  /**
   * EventBridge Scheduler's invocations in an account and Region, and the duplicate invocations to
   * inject; see {@link ScheduleControl}.
   */
  public ScheduleControl schedules(String accountId, String region) {
    return new ScheduleControl(this, accountId, region);
  }

  @Override
  public OpenSearchClient opensearch(AwsTarget target) {
    return client("opensearch", target, () -> new OpenSearchSimulator(gate, state(target)));
  }

  /**
   * The operator's production signer pointed at the local domain endpoints: plain http (they listen
   * on 127.0.0.1), real SigV4 with static credentials, which the endpoints check for everything but
   * the secret they cannot know.
   */
  @Override
  public OpenSearchHttp opensearchHttp(AwsTarget target) {
    return client(
        "opensearch-http",
        target,
        () ->
            new SigV4OpenSearchHttp(
                "http",
                target.region(),
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        "ASIA" + callerAccount(target) + "SLPW", "simulated-secret-key")),
                domainHttp,
                Duration.ofSeconds(10)));
  }

  @Override
  public ElastiCacheClient elasticache(AwsTarget target) {
    return client(
        "elasticache", target, () -> new ElastiCacheSimulator(gate, state(target), elastiCache));
  }

  @Override
  public S3Client s3(AwsTarget target) {
    return client("s3", target, () -> new S3Simulator(gate, state(target), s3Model));
  }

  // ElastiCache and S3 seeding. A restore fails when a SnapshotArns object is missing, unreadable
  // by ElastiCache or not an RDB file (put one whose body does not start with "REDIS"), or when a
  // fault rule fails the internal step "RestoreFromS3" (exports: "ExportToS3").

  /**
   * An available production replication group (cluster mode on when {@code shards > 1}) created a
   * month ago, with daily automated backups for the past week and more as the clock moves.
   */
  public ElastiCacheGroupView seedReplicationGroup(
      String accountId,
      String region,
      String id,
      String engineVersion,
      String nodeType,
      int shards) {
    return elastiCache.locked(
        state(accountId, region),
        rs -> new ElastiCacheGroupOps(rs, elastiCache).seed(id, engineVersion, nodeType, shards));
  }

  /** Replication groups of an account and Region, brought up to the current simulated time. */
  public List<ElastiCacheGroupView> replicationGroups(String accountId, String region) {
    return elastiCache.locked(
        state(accountId, region),
        rs -> rs.elasticache.groups.values().stream().map(g -> g.view(rs)).toList());
  }

  /**
   * Called once, outside any simulator lock, when a group seeded from S3 .rdb files (or from a
   * named backup) becomes available: the sandbox loads matching data into its real Redis here.
   */
  public void onReplicationGroupAvailable(Consumer<ElastiCacheGroupView> listener) {
    elastiCache.onAvailable(listener);
  }

  /** Creates an S3 bucket (names are global), or updates the access of one the account owns. */
  public void createBucket(String accountId, String region, String name, S3BucketAccess access) {
    s3Model.createBucket(accountId, region, name, access);
  }

  /**
   * Takes s3:ListBucket on a bucket away from callers in {@code accountId}: their HeadObject of a
   * missing key then answers 403 instead of 404, as S3 does.
   */
  public void denyListBucket(String accountId, String bucket) {
    existingBucket(bucket).listDenied.add(accountId);
  }

  /** Gives back what {@link #denyListBucket} took. */
  public void allowListBucket(String accountId, String bucket) {
    existingBucket(bucket).listDenied.remove(accountId);
  }

  /** Deletes an object, as its owner would. */
  public void deleteObject(String bucket, String key) {
    s3Model.delete(existingBucket(bucket).name, key);
  }

  private S3Model.Bucket existingBucket(String bucket) {
    S3Model.Bucket b = s3Model.bucket(bucket);
    if (b == null) throw new IllegalArgumentException("no bucket " + bucket);
    return b;
  }

  /** Puts an object as the bucket's owner would, visible at once. */
  public void putObject(String bucket, String key, byte[] body) {
    if (s3Model.bucket(bucket) == null) throw new IllegalArgumentException("no bucket " + bucket);
    s3Model.put(bucket, key, body, clock.instant(), false);
  }

  /** The objects visible in a bucket now, in key order. */
  public List<S3ObjectView> objects(String bucket) {
    return s3Model.views(bucket);
  }

  @Override
  public RdsClient rds(AwsTarget target) {
    return client("rds", target, () -> new RdsSimulator(gate, state(target), rdsDirectory));
  }

  // RDS (Aurora): seeding what Slipway finds (production clusters in another account, RAM shares,
  // shared snapshots), a read-only view, and a hook for restored clusters becoming available.

  /**
   * Seeds an available Aurora cluster (engine aurora-mysql or aurora-postgresql) with one writer
   * instance, encrypted with a customer managed key of its account and holding a week of daily
   * automated snapshots. Returns its ARN; does nothing if it exists.
   */
  public String seedAuroraCluster(
      String accountId, String region, String clusterId, String engine, String engineVersion) {
    return rdsDirectory.read(
        accountId,
        region,
        rs -> RdsSeeding.cluster(rs, rdsDirectory, clusterId, engine, engineVersion));
  }

  /** Takes a manual snapshot of a seeded cluster now and returns its ARN (idempotent). */
  public String seedClusterSnapshot(
      String accountId, String region, String clusterId, String snapshotId) {
    return rdsDirectory.read(
        accountId, region, rs -> RdsSeeding.snapshot(rs, clusterId, snapshotId));
  }

  /** Shares a cluster with another account through AWS RAM, so that account may clone it. */
  public void shareClusterWith(
      String ownerAccountId, String region, String clusterId, String consumerAccountId) {
    rdsDirectory.read(
        ownerAccountId,
        region,
        rs -> {
          RdsSeeding.shareCluster(rs, clusterId, consumerAccountId);
          return null;
        });
  }

  /** Shares a manual cluster snapshot with another account (its "restore" attribute). */
  public void shareSnapshotWith(
      String ownerAccountId, String region, String snapshotId, String consumerAccountId) {
    rdsDirectory.read(
        ownerAccountId,
        region,
        rs -> {
          RdsSeeding.shareSnapshot(rs, snapshotId, consumerAccountId);
          return null;
        });
  }

  /**
   * Calls {@code listener} once for each restored or cloned cluster when it first becomes
   * available, outside the simulator's locks (it may call the simulator).
   */
  public void onClusterAvailable(Consumer<RdsClusterEvent> listener) {
    rdsDirectory.onClusterAvailable(listener);
  }

  /** The Aurora clusters of an account and Region, brought up to the current simulated time. */
  public List<RdsClusterInfo> rdsClusters(String accountId, String region) {
    return rdsDirectory.read(accountId, region, RdsSeeding::clusters);
  }

  /** Seeds (or removes) references verify checks; see {@link ReferenceSeeding}. */
  public ReferenceSeeding references(String accountId) {
    return new ReferenceSeeding(this, accountId);
  }

  public SimClock clock() {
    return clock;
  }

  public String defaultAccountId() {
    return defaultAccountId;
  }

  /** Fault injection rules; changes take effect on the next call. */
  public Faults faults() {
    return faults;
  }

  /** Turns server-side throttling on or off at runtime. */
  public void throttling(boolean on) {
    gate.throttling(on);
  }

  /** Creates an ECS cluster (idempotent) and returns its ARN. */
  public String createCluster(String accountId, String region, String name) {
    return locked(accountId, region, rs -> EcsSimulator.createCluster(rs, name, List.of()).arn());
  }

  /** Creates (or finds) an internet-facing application load balancer and returns its ARN. */
  public String createLoadBalancer(String accountId, String region, String name) {
    return locked(
        accountId,
        region,
        rs ->
            new ElbLoadBalancerOps(rs)
                .create(
                    CreateLoadBalancerRequest.builder()
                        .name(name)
                        .subnets("subnet-a", "subnet-b")
                        .build())
                .loadBalancerArn());
  }

  /**
   * Creates (or finds) an HTTP target group of type ip, as Fargate services need, and returns its
   * ARN.
   */
  public String createTargetGroup(String accountId, String region, String name, int port) {
    return locked(
        accountId,
        region,
        rs ->
            new ElbTargetGroupOps(rs)
                .create(
                    CreateTargetGroupRequest.builder()
                        .name(name)
                        .protocol("HTTP")
                        .port(port)
                        .vpcId("vpc-sandbox")
                        .targetType("ip")
                        .build())
                .targetGroupArn());
  }

  /** Adds an HTTP listener on {@code port} whose default action forwards to a target group. */
  public String createListener(
      String accountId, String region, String loadBalancerArn, int port, String targetGroupArn) {
    return locked(
        accountId,
        region,
        rs ->
            new ElbLoadBalancerOps(rs)
                .createListener(
                    CreateListenerRequest.builder()
                        .loadBalancerArn(loadBalancerArn)
                        .protocol("HTTP")
                        .port(port)
                        .defaultActions(a -> a.type("forward").targetGroupArn(targetGroupArn))
                        .build())
                .listenerArn());
  }

  /**
   * Creates a target group with exactly this ARN (the sandbox seeds the ones example manifests
   * reference); does nothing if it exists.
   */
  public void seedTargetGroup(String accountId, String region, String arn) {
    String name =
        arn.substring(arn.indexOf("targetgroup/") + "targetgroup/".length()).split("/")[0];
    boolean exists = locked(accountId, region, rs -> rs.elb.targetGroup(arn) != null);
    if (exists) return;
    String generated = createTargetGroup(accountId, region, name, 80);
    locked(
        accountId,
        region,
        rs -> {
          ElbResources.TargetGroupModel tg = rs.elb.targetGroups.remove(generated);
          tg.description = tg.description.toBuilder().targetGroupArn(arn).build();
          return rs.elb.targetGroups.put(arn, tg);
        });
    // ECS only attaches services to target groups that a listener forwards to.
    String lb = createLoadBalancer(accountId, region, "sandbox");
    int port = 8000 + locked(accountId, region, rs -> rs.elb.listeners.size());
    createListener(accountId, region, lb, port, arn);
  }

  /**
   * Creates a load balancer with exactly this ARN (the sandbox seeds the ones example manifests
   * route through); does nothing if it exists.
   */
  public void seedLoadBalancer(String accountId, String region, String arn) {
    locked(accountId, region, rs -> ElbSeeds.loadBalancer(rs, arn));
  }

  /**
   * Creates a listener with exactly this ARN, and its load balancer if missing: HTTP on the first
   * free port from 80, answering 404 where no rule matches. Does nothing if it exists.
   */
  public void seedListener(String accountId, String region, String arn) {
    locked(accountId, region, rs -> ElbSeeds.listener(rs, arn));
  }

  // OpenSearch Service: domains with local endpoints, and production's snapshots in S3.

  /**
   * Creates an OpenSearch Service domain with two data nodes (idempotent), starts its endpoint, a
   * local HTTP server that demands SigV4 and answers the OpenSearch REST API, and returns the
   * endpoint as "127.0.0.1:port". {@code engineVersion} looks like "OpenSearch_2.13".
   */
  public String seedOpenSearchDomain(
      String accountId, String region, String name, String engineVersion) {
    return seedOpenSearchDomain(accountId, region, name, engineVersion, 2);
  }

  /** As above with {@code dataNodes} data nodes; with one, replicas never allocate (yellow). */
  public String seedOpenSearchDomain(
      String accountId, String region, String name, String engineVersion, int dataNodes) {
    return openSearch.domain(accountId, region, name, engineVersion, dataNodes);
  }

  /** Puts a green index with {@code docs} documents on a domain, replacing one of that name. */
  public void seedOpenSearchIndex(
      String accountId, String region, String domain, String index, long docs) {
    openSearch.index(accountId, region, domain, index, docs);
  }

  /**
   * Records a manual snapshot in an S3 bucket (production's), which any domain can then register as
   * a repository and restore from. It is invisible before it started (three minutes before {@code
   * endTime}) and IN_PROGRESS until {@code endTime}. {@code state} is SUCCESS, PARTIAL, FAILED or
   * IN_PROGRESS; in a PARTIAL snapshot the first index by name is the one with failed shards.
   */
  public void seedOpenSearchSnapshot(
      String bucket,
      String basePath,
      String snapshotName,
      String state,
      Map<String, Long> indicesWithDocCounts,
      Instant endTime) {
    seedOpenSearchSnapshot(
        bucket,
        basePath,
        snapshotName,
        state,
        indicesWithDocCounts,
        endTime,
        OpenSearchRestoreFault.NONE);
  }

  /** As above, with a fault its restore meets. */
  public void seedOpenSearchSnapshot(
      String bucket,
      String basePath,
      String snapshotName,
      String state,
      Map<String, Long> indicesWithDocCounts,
      Instant endTime,
      OpenSearchRestoreFault fault) {
    openSearch.snapshot(
        bucket, basePath, snapshotName, state, indicesWithDocCounts, endTime, fault);
  }

  /** The indices of a domain as of the simulated now, by name. */
  public List<OpenSearchIndexInfo> openSearchIndices(
      String accountId, String region, String domain) {
    return openSearch.indices(accountId, region, domain);
  }

  /**
   * Makes a domain's endpoint answer its next {@code n} requests with {@code status} (429 as
   * OpenSearch's thread-pool rejection, 5xx as the load balancer's), before signature checks.
   * {@link #faults()} reach the endpoints too, per request kind: "es:RestoreSnapshot",
   * "es:DeleteIndices", "es:ClusterHealth" and the other names the operator meters them under.
   */
  public void openSearchFailNextRequests(String domain, int n, int status) {
    openSearch.failNext(domain, n, status);
  }

  /** Stops the OpenSearch domain endpoints; the rest of the simulator holds nothing to release. */
  @Override
  public void close() {
    openSearch.close();
  }

  /** What exists in an account and region, brought up to the current simulated time. */
  public Inventory inventory(String accountId, String region) {
    return locked(accountId, region, Inventory::of);
  }

  /** Changes a service's desiredCount as the auto scaler would (clamped to min/max). */
  public int scaleTo(String accountId, String region, String cluster, String service, int desired) {
    return locked(
        accountId, region, rs -> AutoScalingTargets.scaleTo(rs, cluster, service, desired));
  }

  /** Per "service:Operation" counters of calls received, throttled and fault-injected. */
  public Map<String, CallStats> calls() {
    return gate.snapshot();
  }

  /** Counters for one operation, e.g. {@code calls("ecs", "UpdateService")}. */
  public CallStats calls(String service, String operation) {
    return gate.snapshot().getOrDefault(service + ":" + operation, CallStats.ZERO);
  }

  public void resetCounters() {
    gate.reset();
  }

  /**
   * How the simulated Lambda functions of AWS_LAMBDA lifecycle hooks answer (every account); the
   * default answers SUCCEEDED at once.
   */
  public void lambdaHookAnswer(LambdaHookAnswer answer) {
    deployments.lambda(answer);
  }

  /** Simulated clients of the load balancers; see {@link Traffic}. */
  public Traffic traffic() {
    return traffic;
  }

  /** Runs {@code body} on every account and Region touched so far, each brought up to now. */
  <T> List<T> acrossRegions(java.util.function.Function<RegionState, T> body) {
    List<T> out = new java.util.ArrayList<>();
    for (RegionState rs : List.copyOf(regions.values())) {
      synchronized (rs) {
        rs.advance();
        out.add(body.apply(rs));
      }
    }
    return out;
  }

  <T> T locked(String accountId, String region, java.util.function.Function<RegionState, T> body) {
    RegionState rs = state(accountId, region);
    synchronized (rs) {
      rs.advance();
      return body.apply(rs);
    }
  }

  /** The account a target's calls land in: the role's account, else the default account. */
  String callerAccount(AwsTarget target) {
    return target.roleArn() == null ? defaultAccountId : StsSimulator.accountOf(target.roleArn());
  }

  private String principal(AwsTarget target) {
    return target.roleArn() != null
        ? target.roleArn()
        : "arn:aws:iam::" + defaultAccountId + ":user/sandbox";
  }

  private RegionState state(AwsTarget target) {
    return state(callerAccount(target), target.region());
  }

  private RegionState state(String accountId, String region) {
    return regions.computeIfAbsent(
        accountId + "/" + region,
        k -> new RegionState(accountId, region, clock, timings, deployments, seed));
  }

  @SuppressWarnings("unchecked")
  private <T> T client(String kind, AwsTarget target, Supplier<T> make) {
    String key =
        kind + "/" + callerAccount(target) + "/" + target.region() + "/" + target.roleArn();
    return (T) clients.computeIfAbsent(key, k -> make.get());
  }

  /** Configures a simulator; every setting has a sandbox-friendly default. */
  public static final class Builder {
    private SimClock clock = SimClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
    private String defaultAccountId = "000000000000";
    private boolean throttling = true;
    private long seed = 42;
    private SimTimings timings = SimTimings.defaults();
    private OpenSearchTimings openSearchTimings = OpenSearchTimings.defaults();
    private ElastiCacheTimings elastiCacheTimings = ElastiCacheTimings.defaults();
    private RdsTimings rdsTimings = RdsTimings.defaults();
    private DeploymentTimings deploymentTimings = DeploymentTimings.defaults();
    private final Map<String, FaultRule> faultRules = new ConcurrentHashMap<>();

    public Builder clock(SimClock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder defaultAccountId(String accountId) {
      if (accountId == null || !accountId.matches("\\d{12}")) {
        throw new IllegalArgumentException("account ids are 12 digits");
      }
      this.defaultAccountId = accountId;
      return this;
    }

    public Builder throttling(boolean on) {
      this.throttling = on;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder timings(SimTimings timings) {
      this.timings = Objects.requireNonNull(timings);
      return this;
    }

    /** How long OpenSearch snapshot restores take on the simulated clock. */
    public Builder openSearchTimings(OpenSearchTimings timings) {
      this.openSearchTimings = Objects.requireNonNull(timings);
      return this;
    }

    /** Durations of ElastiCache exports, creates and deletes. */
    public Builder elastiCacheTimings(ElastiCacheTimings timings) {
      this.elastiCacheTimings = Objects.requireNonNull(timings);
      return this;
    }

    /** How long Aurora operations take; {@link RdsTimings#fast()} suits quick demos. */
    public Builder rdsTimings(RdsTimings timings) {
      this.rdsTimings = Objects.requireNonNull(timings);
      return this;
    }

    /**
     * Stage transitions and Lambda hook answers of ECS blue/green, canary and linear deployments.
     */
    public Builder deploymentTimings(DeploymentTimings timings) {
      this.deploymentTimings = Objects.requireNonNull(timings);
      return this;
    }

    /** Adds a fault rule for an operation ("UpdateService", "ecs:UpdateService" or "*"). */
    public Builder fault(String operation, FaultRule rule) {
      faultRules.put(operation, rule);
      return this;
    }

    public AwsSimulator build() {
      return new AwsSimulator(this);
    }
  }
}
