package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The every-morning refresh of a shared staging environment's datastores from production: each
 * datastore is re-created from a production source, then one-off tasks run, then the environment
 * (and its branch environments, whose schemas lived in the replaced database) wakes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefreshSpec {
  @JsonPropertyDescription(
      "Local time (HH:MM, in the schedule's time zone, or UTC without a schedule) of the daily "
          + "refresh, on days on which an awake window starts, e.g. 06:00. Unset: only on demand "
          + "(annotation slipway.dev/refresh-now).")
  @Pattern(ScheduleSpec.FROM_PATTERN)
  public String at;

  @JsonPropertyDescription("Finished runs kept in status.refresh.history, 1 to 30. Default 7.")
  @Min(1)
  @Max(30)
  public Integer historyLimit = 7;

  @JsonPropertyDescription(
      "Delete the Aurora clusters and ElastiCache groups this refresh re-creates once per night, "
          + "after every service and every branch environment is asleep, and only ones the "
          + "refresh created (tagged) and whose production source is reachable; they are re-created "
          + "by the refresh before the environment wakes (the scheduled one when at falls in the "
          + "night, otherwise one the wake starts). OpenSearch domains are kept. Needs a schedule. "
          + "Default false.")
  public Boolean deleteWhenAsleep;

  @JsonPropertyDescription("Aurora clusters re-created from production, at most 5.")
  @Size(max = 5)
  public List<Aurora> aurora;

  @JsonPropertyDescription(
      "OpenSearch Service domains of staging whose indices are replaced by those of production's "
          + "latest good snapshot, at most 3.")
  @Size(max = 3)
  public List<OpenSearch> opensearch;

  @JsonPropertyDescription(
      "ElastiCache (Redis OSS / Valkey) replication groups re-created from production's latest "
          + "automated backup, exported to S3, at most 5.")
  @Size(max = 5)
  public List<ElastiCache> elasticache;

  @JsonPropertyDescription(
      "One-off ECS tasks run after every datastore is back (masking, migrations), in order, at "
          + "most 10. A non-zero exit code of an essential container fails the refresh.")
  @Size(max = 10)
  public List<PostStep> postSteps;

  /** One Aurora cluster of staging, re-created every morning from a production source. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.source.clusterArn) != has(self.source.snapshotArn)",
      message = "source needs exactly one of clusterArn (clone) and snapshotArn (restore)")
  public static class Aurora {
    @JsonPropertyDescription("Name of this datastore in status, e.g. main.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription("aurora-mysql or aurora-postgresql.")
    @Required
    @Pattern("^aurora-(mysql|postgresql)$")
    public String engine;

    @JsonPropertyDescription("Where production's data comes from; the refresh only reads it.")
    @Required
    public AuroraSource source;

    @JsonPropertyDescription("The staging cluster the refresh deletes and re-creates.")
    @Required
    public AuroraTarget target;

    @JsonPropertyDescription(
        "Upgrade rehearsal: the staging cluster comes back on this newer engine version. A "
            + "snapshot restore is given it directly; a clone (which keeps its source's version) "
            + "is upgraded right after.")
    public Upgrade upgrade;
  }

  /** Production's side: a cluster shared through AWS RAM, or a shared snapshot. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuroraSource {
    @JsonPropertyDescription(
        "ARN of production's cluster, shared with the staging account through AWS RAM: the "
            + "refresh clones it (copy-on-write, latest restorable time).")
    @Pattern("^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster:[a-zA-Z][a-zA-Z0-9-]{0,62}$")
    public String clusterArn;

    @JsonPropertyDescription(
        "ARN of a cluster snapshot shared with the staging account: the refresh restores it.")
    @Pattern(
        "^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:cluster-snapshot:[a-zA-Z][a-zA-Z0-9:-]{0,254}$")
    public String snapshotArn;
  }

  /** Staging's side: the cluster re-created with the same identifier, so endpoints keep working. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuroraTarget {
    @JsonPropertyDescription(
        "Identifier of the staging cluster; kept across refreshes so its endpoints stay the same.")
    @Required
    @Pattern("^[a-zA-Z][a-zA-Z0-9-]{0,62}$")
    public String clusterIdentifier;

    @JsonPropertyDescription("DB subnet group of the staging cluster.")
    @Required
    @Size(min = 1, max = 255)
    public String subnetGroup;

    @JsonPropertyDescription("VPC security groups of the staging cluster, at most 5.")
    @Size(max = 5)
    public List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds;

    @JsonPropertyDescription("Cluster parameter group. Unset: the engine's default.")
    @Size(max = 255)
    public String clusterParameterGroup;

    @JsonPropertyDescription(
        "KMS key for the staging cluster's storage (needed for a snapshot "
            + "encrypted with another account's key).")
    @Size(max = 2048)
    public String kmsKeyId;

    @JsonPropertyDescription("Instance class of the writer and readers, e.g. db.r6g.large.")
    @Required
    @Pattern("^db\\.[a-z0-9]+\\.[a-z0-9]+$")
    public String instanceClass;

    @JsonPropertyDescription("Readers besides the writer, 0 to 5. Default 0.")
    @Min(0)
    @Max(5)
    public Integer readers = 0;
  }

  /**
   * One ElastiCache replication group of staging, re-created every morning from production's latest
   * automated backup: production exports it to S3, staging is seeded from the exported .rdb files.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ElastiCache {
    @JsonPropertyDescription("Name of this datastore in status, e.g. cache.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription(
        "Production's replication group and the role that reads it. The refresh only reads its "
            + "backups and exports the latest one to exportBucket; it never changes it.")
    @Required
    public ElastiCacheSource source;

    @JsonPropertyDescription(
        "S3 bucket in the production account, in the environment's Region, that ElastiCache was "
            + "granted access to: production's backup is exported here as NAME-0001.rdb (one "
            + "object per shard) and staging is seeded from it. The staging role needs "
            + "s3:ListBucket on it and s3:GetObject on its objects.")
    @Required
    @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    public String exportBucket;

    @JsonPropertyDescription(
        "The staging replication group the refresh deletes and re-creates, in spec.aws.accountId.")
    @Required
    public ElastiCacheTarget target;
  }

  /** Production's side: read (its backups) and export, with production's own role. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ElastiCacheSource {
    @JsonPropertyDescription("Id of production's replication group, e.g. prod-cache.")
    @Required
    @Size(max = 40)
    @Pattern(ElastiCacheTarget.GROUP_ID)
    public String replicationGroupId;

    @JsonPropertyDescription("The 12-digit production account the replication group lives in.")
    @Required
    @Pattern(AwsSpec.ACCOUNT_ID)
    public String accountId;

    @JsonPropertyDescription(
        "Role in accountId the refresh assumes for production's side, used only for "
            + "elasticache:DescribeSnapshots, elasticache:DescribeEvents and the export "
            + "(elasticache:CopySnapshot with a target bucket).")
    @Required
    @Pattern(AwsSpec.ROLE_ARN)
    public String roleArn;
  }

  /** Staging's side: the group re-created under the same id, so its endpoint keeps working. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!(has(self.numCacheClusters) && has(self.shards))",
      message =
          "numCacheClusters (cluster mode disabled) and shards (cluster mode enabled) exclude"
              + " each other")
  @ValidationRule(
      value = "!has(self.replicasPerShard) || has(self.shards)",
      message = "replicasPerShard needs shards")
  public static class ElastiCacheTarget {
    /** 1 to 40 characters (with @Size), a letter first, no "--" and no trailing hyphen. */
    static final String GROUP_ID = "^[a-z](-?[a-z0-9])*$";

    @JsonPropertyDescription(
        "Id of the staging replication group (lowercase); kept across refreshes so its endpoint "
            + "stays the same.")
    @Required
    @Size(max = 40)
    @Pattern(GROUP_ID)
    public String replicationGroupId;

    @JsonPropertyDescription("Node type, e.g. cache.t4g.medium.")
    @Required
    @Pattern("^cache\\.[a-z0-9]+\\.[a-z0-9]+$")
    public String nodeType;

    @JsonPropertyDescription(
        "Nodes of a cluster-mode-disabled group (a primary and its replicas), 1 to 6. Default 1 "
            + "when shards is unset. Production must then be cluster-mode disabled too.")
    @Min(1)
    @Max(6)
    public Integer numCacheClusters;

    @JsonPropertyDescription(
        "Shards of a cluster-mode-enabled group, 1 to 500 (may differ from production's: the keys "
            + "are spread over the new shards' slots).")
    @Min(1)
    @Max(500)
    public Integer shards;

    @JsonPropertyDescription("Replicas per shard with shards, 0 to 5. Default 0.")
    @Min(0)
    @Max(5)
    public Integer replicasPerShard;

    @JsonPropertyDescription("Cache subnet group of the staging group.")
    @Required
    @Size(min = 1, max = 255)
    public String subnetGroup;

    @JsonPropertyDescription("VPC security groups of the staging group, at most 5.")
    @Size(max = 5)
    public List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroupIds;

    @JsonPropertyDescription("Cache parameter group. Unset: the engine version's default.")
    @Size(max = 255)
    public String parameterGroup;

    @JsonPropertyDescription(
        "Engine version, e.g. 7.1. Unset: the version of the production backup.")
    @Pattern("^[0-9]+(\\.[0-9x]+){0,2}$")
    public String engineVersion;

    @JsonPropertyDescription("True: TLS between clients and the group (in-transit encryption).")
    public Boolean transitEncryption;
  }

  /** A newer engine version to rehearse the production upgrade on. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Upgrade {
    @JsonPropertyDescription("Engine version to land on, e.g. 8.0.mysql_aurora.3.08.0.")
    @Required
    @Size(min = 1, max = 64)
    public String engineVersion;

    @JsonPropertyDescription(
        "Instance parameter group for the new major version (required by RDS for a major upgrade "
            + "when the old one does not fit). Unset: the engine's default.")
    @Size(max = 255)
    public String instanceParameterGroup;

    @JsonPropertyDescription(
        "What a failed rehearsal means: KeepOldVersion (default: the refresh succeeds on the old "
            + "version and the result says why the upgrade failed) or FailRefresh.")
    public OnFailure onFailure = OnFailure.KeepOldVersion;

    /** What a failed rehearsal does to the refresh. */
    public enum OnFailure {
      KeepOldVersion,
      FailRefresh
    }
  }

  /**
   * One OpenSearch Service domain of staging whose indices are restored every morning from a
   * snapshot production took into S3; the domain itself stays, so its endpoint never changes.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OpenSearch {
    /** Index names and patterns: lower case, no leading '_' or '.', '-' excludes. */
    public static final String INDICES_PATTERN =
        "^-?[a-z0-9*][a-z0-9*_.+-]*(,-?[a-z0-9*][a-z0-9*_.+-]*)*$";

    @JsonPropertyDescription("Name of this datastore in status, e.g. search.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription(
        "Name of the staging domain, in the environment's account and Region; its endpoint comes "
            + "from DescribeDomain. The domain must carry the tag slipway.dev/refresh-target="
            + "<namespace>/<name of this environment>: that tag hands its indices over to the "
            + "refresh, which deletes none without it.")
    @Required
    @Pattern("^[a-z][a-z0-9-]{2,27}$")
    public String domain;

    @JsonPropertyDescription(
        "Production's snapshots: an S3 repository the refresh registers on the staging domain, "
            + "read-only, so staging can never write to or delete production's snapshots.")
    @Required
    public SnapshotRepository repository;

    @JsonPropertyDescription(
        "Which snapshot: latest (default: the newest SUCCESS snapshot of the repository) or a "
            + "name prefix (the newest SUCCESS snapshot whose name starts with it), e.g. nightly-.")
    @Size(min = 1, max = 255)
    @Pattern("^[a-z0-9][a-z0-9._+-]*$")
    public String snapshot = "latest";

    @JsonPropertyDescription(
        "Indices restored, comma-separated names and patterns (* matches anything, a leading - "
            + "excludes), e.g. orders,customers-*. Default *: every index of the snapshot. "
            + "System indices (names starting with a dot, such as .kibana_1) are never deleted "
            + "or restored. Staging's indices that match are deleted before the restore, "
            + "whether or not the snapshot has them.")
    @Size(min = 1, max = 4096)
    @Pattern(INDICES_PATTERN)
    public String indices = "*";
  }

  /** An S3 snapshot repository of production, registered read-only on the staging domain. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SnapshotRepository {
    @JsonPropertyDescription(
        "Name the repository is registered under on the staging domain, e.g. production. "
            + "Registering is idempotent: the same name is registered again on every refresh.")
    @Required
    @Pattern("^[a-z0-9][a-z0-9_-]{0,63}$")
    public String name;

    @JsonPropertyDescription(
        "S3 bucket production's manual snapshots are in, in the environment's Region.")
    @Required
    @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    public String bucket;

    @JsonPropertyDescription(
        "Folder of the snapshots in the bucket, e.g. nightly. Unset: the root.")
    @Size(max = 1024)
    @Pattern("^[^\\s]*$")
    public String basePath;

    @JsonPropertyDescription(
        "IAM role OpenSearch Service assumes to read the bucket (trusting es.amazonaws.com, "
            + "allowed s3:ListBucket and s3:GetObject on production's bucket), e.g. "
            + "arn:aws:iam::123456789012:role/staging-search-snapshots. Slipway's role needs "
            + "iam:PassRole on it.")
    @Required
    @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$")
    public String roleArn;
  }

  /** A one-off task after the datastores are back. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PostStep {
    @JsonPropertyDescription("Name of the step in status, e.g. mask.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
    public String name;

    @JsonPropertyDescription(
        "The service (in spec.services) whose current task definition runs the task.")
    @Required
    @Size(min = 1, max = 30)
    public String service;

    @JsonPropertyDescription("Container whose command is replaced.")
    @Required
    @Size(max = 255)
    public String container;

    @JsonPropertyDescription("Command, e.g. [bin/rails, db:mask].")
    @Required
    @Size(min = 1, max = 100)
    public List<@Size(max = 4096) String> command;

    @JsonPropertyDescription("Seconds the task may run, 10 to 86400. Default 1800.")
    @Min(10)
    @Max(86400)
    public Integer timeoutSeconds = 1800;
  }
}
