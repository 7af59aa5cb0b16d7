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
import java.util.Map;

/** How branch environments of a shared staging environment are made, routed, fed and retired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BranchPolicy {
  /** Glob of branches allowed, e.g. qa/* ("*" within a path segment, "**" across segments). */
  @JsonPropertyDescription(
      "Glob of the branches that may have an environment, e.g. qa/*: * matches within one / "
          + "segment, ** across segments, ? one character.")
  @Required
  @Size(min = 1, max = 255)
  public String match;

  /** Tear down an environment whose spec has not changed for this long, e.g. 168h. */
  @JsonPropertyDescription(
      "Expire a branch environment whose spec has not changed for this long, in hours and/or "
          + "minutes, e.g. 168h or 1h30m. An expired environment keeps its resource but loses its "
          + "services, ways in, schema and Redis keys (phase Expired); the next spec change, such "
          + "as a new imageTag, brings it back. Unset: never.")
  @Pattern("^([0-9]+h)?([0-9]+m)?$")
  public String ttl;

  @JsonPropertyDescription(
      "Most branch environments admitted at once, 1 to 500. Default 30; another one is refused "
          + "with reason MaxEnvironmentsReached until one is deleted.")
  @Min(1)
  @Max(500)
  public Integer maxEnvironments = 30;

  /** Tasks per service in a branch environment (QA needs few). */
  @JsonPropertyDescription("Tasks per service in a branch environment, 0 to 10. Default 1.")
  @Min(0)
  @Max(10)
  public Integer desiredCount = 1;

  @JsonPropertyDescription(
      "How testers reach a branch environment's routed services: a listener port on a shared load "
          + "balancer, or a host-header rule on a shared listener. Unset: no target groups and no "
          + "URLs.")
  public Routing routing;

  @JsonPropertyDescription(
      "The shared staging database server in which each branch environment gets its own MySQL "
          + "database or PostgreSQL schema. Unset: none.")
  public Database database;

  @JsonPropertyDescription(
      "The shared Redis in which each branch environment gets its own key namespace. Unset: none.")
  public Redis redis;

  @JsonPropertyDescription(
      "Migration (and seed) of a branch environment: a pre-deploy task of its first service, run "
          + "once per release of that service before it is updated, in place of the template's "
          + "preDeploy steps; the other services wait until the first one is Ready.")
  public Migrate migrate;

  /** Extra environment variables for every container, e.g. a lower RAILS_MAX_THREADS. */
  @JsonPropertyDescription(
      "Extra environment variables for every container of a branch environment, e.g. "
          + "RAILS_MAX_THREADS: \"2\". They override the template's; the injected variables "
          + "override them. At most 100.")
  @Size(max = 100)
  public Map<String, String> env;

  /** Names of the variables Slipway injects. */
  @JsonPropertyDescription(
      "Names of the environment variables Slipway injects into every container of a branch "
          + "environment.")
  public Variables variables = new Variables();

  /** A way into each routed service: a port on a shared load balancer, or a host-header rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "self.mode == 'Port' ? has(self.loadBalancerArn) && has(self.portRange)"
              + " : has(self.listenerArn) && has(self.hostPattern)",
      message =
          "Port routing needs loadBalancerArn and portRange; HostHeader routing needs"
              + " listenerArn and hostPattern")
  public static class Routing {
    @JsonPropertyDescription(
        "Port: each routed service gets a listener on a free port of portRange on loadBalancerArn "
            + "(URL http://<load balancer DNS>:<port>). HostHeader: each gets a rule for a host "
            + "made from hostPattern on listenerArn (URL http://<host>).")
    @Required
    public Mode mode;

    @JsonPropertyDescription("Port mode: the shared load balancer the listeners are created on.")
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/.+$")
    public String loadBalancerArn;

    @JsonPropertyDescription("HostHeader mode: the shared listener the rules are added to.")
    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/.+$")
    public String listenerArn;

    @JsonPropertyDescription(
        "Port mode: the listener ports Slipway may use; each routed service of each branch "
            + "environment takes the lowest free one.")
    public PortRange portRange;

    /** Host for HostHeader mode, e.g. {branch}.qa.example.com. */
    @JsonPropertyDescription(
        "HostHeader mode: host of a branch environment, e.g. {branch}.qa.example.com. {branch} "
            + "becomes the branch's slug and {service} the service name; without {service}, "
            + "services after the first get <slug>-<service> in place of {branch}.")
    @Pattern("^[a-z0-9{}.-]+$")
    @Size(max = 253)
    public String hostPattern;

    /** VPC of the target groups Slipway creates. */
    @JsonPropertyDescription(
        "VPC of the target groups Slipway creates, one per routed service and branch, e.g. "
            + "vpc-0a1b2c3d.")
    @Required
    @Pattern("^vpc-[0-9a-f]+$")
    public String vpcId;

    /** Routing modes. */
    public enum Mode {
      Port,
      HostHeader
    }
  }

  /** Listener ports Slipway may allocate on the shared load balancer. */
  @ValidationRule(
      value = "self.from <= self.to",
      message = "portRange.from must not exceed portRange.to")
  public static class PortRange {
    @JsonPropertyDescription("First port, 1 to 65535.")
    @Required
    @Min(1)
    @Max(65535)
    public Integer from;

    @JsonPropertyDescription("Last port, inclusive; not below from.")
    @Required
    @Min(1)
    @Max(65535)
    public Integer to;
  }

  /** The shared staging database in which each branch gets its own schema/database. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  // The same rules as BranchNames.sqlPatternProblem: {branch} (8 characters) must leave room for
  // 17 of the engine's 64 (MySQL) or 63 (PostgreSQL), and no name may start with pg_.
  @ValidationRule(
      value =
          "!has(self.schemaName) || size(self.schemaName) <= (self.engine == 'postgresql' ? 54 : 55)",
      message =
          "schemaName leaves too little room for the branch: at most 47 characters besides"
              + " {branch} on MySQL, 46 on PostgreSQL")
  @ValidationRule(
      value =
          "!has(self.schemaName) || !(self.schemaName.startsWith('pg_')"
              + " || self.schemaName.startsWith('p{branch}')"
              + " || self.schemaName.startsWith('pg{branch}'))",
      message = "schemaName could produce names starting with pg_, which are reserved")
  public static class Database {
    @JsonPropertyDescription(
        "mysql (MySQL and MariaDB: one database per branch) or postgresql (one schema per branch "
            + "in database).")
    @Required
    public Engine engine;

    /** host:port of the staging database server. */
    @JsonPropertyDescription(
        "host:port of the server, e.g. stg.cluster-abc.ap-northeast-1.rds.amazonaws.com:3306. "
            + "Default port 3306 for mysql, 5432 for postgresql.")
    @Required
    @Pattern("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
    public String endpoint;

    /** PostgreSQL: the database holding the per-branch schemas. */
    @JsonPropertyDescription(
        "PostgreSQL only: the database the per-branch schemas are created in. Default postgres.")
    @Pattern("^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    public String database;

    /** Kubernetes Secret with the admin credentials (keys username and password). */
    @JsonPropertyDescription(
        "Kubernetes Secret, in the environment's namespace, with the credentials Slipway uses to "
            + "create and drop the per-branch databases or schemas.")
    @Required
    public SecretRef adminSecretRef;

    /**
     * Name of each branch's schema (PostgreSQL) or database (MySQL); must contain {branch} (the
     * slug), or every branch would share, and on delete drop, one schema.
     */
    @JsonPropertyDescription(
        "Name of each branch's database (mysql) or schema (postgresql). {branch} becomes the "
            + "branch's slug with '_', e.g. qa_{branch} gives qa_qa_foo_1a2b3c4d. It must contain "
            + "{branch}, or every branch would share (and on delete drop) one schema; the whole "
            + "name must fit 64 characters (mysql) or 63 (postgresql). Default qa_{branch}.")
    @Pattern("^[a-z][a-z0-9_]*\\{branch\\}[a-z0-9_]*$")
    public String schemaName = "qa_{branch}";

    /** Caps the server's max_connections for budgeting (leave room for other clients). */
    @JsonPropertyDescription(
        "Cap on the connections branch environments may use together; the limit is the smaller of "
            + "this and the server's max_connections. Leave room for other clients.")
    @Min(1)
    public Integer maxConnections;

    /** Connections each task opens (pool size), for the connection budget. */
    @JsonPropertyDescription(
        "Connections each task opens (its pool size), 1 to 1000. Default 5. A new environment is "
            + "refused (ConnectionBudgetExceeded) when environments x tasks x this would exceed "
            + "the limit.")
    @Min(1)
    @Max(1000)
    public Integer connectionsPerTask = 5;

    @JsonPropertyDescription(
        "Drop the branch's database or schema when the environment is deleted or expires. Default "
            + "true; false keeps the data. Redis keys are removed either way.")
    public Boolean dropSchemaOnDelete = true;

    /** Database engines. */
    public enum Engine {
      mysql,
      postgresql
    }
  }

  /** A Kubernetes Secret in the environment's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {
    @JsonPropertyDescription("Name of the Secret.")
    @Required
    public String name;

    @JsonPropertyDescription("Key of the user name in the Secret's data. Default username.")
    public String usernameKey = "username";

    @JsonPropertyDescription("Key of the password in the Secret's data. Default password.")
    public String passwordKey = "password";
  }

  /** The Redis each branch gets a key namespace in. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Redis {
    /** redis:// or rediss:// URL without a database. */
    @JsonPropertyDescription(
        "redis:// or rediss:// (TLS) URL of the server without a database, e.g. "
            + "rediss://stg.abc.apne1.cache.amazonaws.com:6379.")
    @Required
    @Pattern("^rediss?://[^/]+$")
    public String endpoint;

    /** The DB index reserved for branch environments. */
    @JsonPropertyDescription("Redis DB index reserved for branch environments, 0 to 15. Default 0.")
    @Min(0)
    @Max(15)
    public Integer database = 0;

    /** Key namespace; must contain {branch}, or teardown would delete other branches' keys. */
    @JsonPropertyDescription(
        "Key namespace of each branch; its keys are <namespace>:... and are deleted with the "
            + "environment. {branch} becomes the branch's slug with '_', e.g. qa_foo_1a2b3c4d. "
            + "Must contain {branch}. Default {branch}.")
    @Pattern("^[A-Za-z0-9_:.-]*\\{branch\\}[A-Za-z0-9_:.-]*$")
    public String namespace = "{branch}";
  }

  /** The migration (and seed) run before a branch environment takes traffic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Migrate {
    @JsonPropertyDescription(
        "The container of the first service's task definition that runs the command.")
    @Required
    public String container;

    @JsonPropertyDescription(
        "Command to run, e.g. [bin/rails, db:prepare, db:seed]; it must exit 0.")
    @Required
    @Size(min = 1, max = 100)
    public List<String> command;

    @JsonPropertyDescription("Seconds the migration may run, 10 to 86400. Default 1800.")
    @Min(10)
    @Max(86400)
    public Integer timeoutSeconds = 1800;
  }

  /** Names of the environment variables injected into every container. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Variables {
    @JsonPropertyDescription("Variable holding the branch name as given. Default BRANCH.")
    public String branch = "BRANCH";

    @JsonPropertyDescription(
        "Variable holding the branch's database or schema name. Default DB_NAME.")
    public String database = "DB_NAME";

    @JsonPropertyDescription(
        "Variable holding the Redis URL with the DB index, e.g. rediss://host:6379/9. Default "
            + "REDIS_URL.")
    public String redisUrl = "REDIS_URL";

    @JsonPropertyDescription(
        "Variable holding the branch's Redis key namespace. Default REDIS_NAMESPACE.")
    public String redisNamespace = "REDIS_NAMESPACE";
  }
}
