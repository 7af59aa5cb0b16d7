package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  @Required
  @Size(min = 1, max = 255)
  public String match;

  /** Tear down an environment whose spec has not changed for this long, e.g. 168h. */
  @Pattern("^([0-9]+h)?([0-9]+m)?$")
  public String ttl;

  @Min(1)
  @Max(500)
  public Integer maxEnvironments = 30;

  /** Tasks per service in a branch environment (QA needs few). */
  @Min(0)
  @Max(10)
  public Integer desiredCount = 1;

  public Routing routing;
  public Database database;
  public Redis redis;
  public Migrate migrate;

  /** Extra environment variables for every container, e.g. a lower RAILS_MAX_THREADS. */
  @Size(max = 100)
  public Map<String, String> env;

  /** Names of the variables Slipway injects. */
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
    @Required public Mode mode;

    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/.+$")
    public String loadBalancerArn;

    @Pattern("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:listener/.+$")
    public String listenerArn;

    public PortRange portRange;

    /** Host for HostHeader mode, e.g. {branch}.qa.example.com. */
    @Pattern("^[a-z0-9{}.-]+$")
    @Size(max = 253)
    public String hostPattern;

    /** VPC of the target groups Slipway creates. */
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
    @Required
    @Min(1)
    @Max(65535)
    public Integer from;

    @Required
    @Min(1)
    @Max(65535)
    public Integer to;
  }

  /** The shared staging database in which each branch gets its own schema/database. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Database {
    @Required public Engine engine;

    /** host:port of the staging database server. */
    @Required
    @Pattern("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
    public String endpoint;

    /** PostgreSQL: the database holding the per-branch schemas. */
    @Pattern("^[A-Za-z_][A-Za-z0-9_]{0,62}$")
    public String database;

    /** Kubernetes Secret with the admin credentials (keys username and password). */
    @Required public SecretRef adminSecretRef;

    /**
     * Name of each branch's schema (PostgreSQL) or database (MySQL); must contain {branch} (the
     * slug), or every branch would share, and on delete drop, one schema.
     */
    @Pattern("^[a-z][a-z0-9_]*\\{branch\\}[a-z0-9_]*$")
    public String schemaName = "qa_{branch}";

    /** Caps the server's max_connections for budgeting (leave room for other clients). */
    @Min(1)
    public Integer maxConnections;

    /** Connections each task opens (pool size), for the connection budget. */
    @Min(1)
    @Max(1000)
    public Integer connectionsPerTask = 5;

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
    @Required public String name;
    public String usernameKey = "username";
    public String passwordKey = "password";
  }

  /** The Redis each branch gets a key namespace in. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Redis {
    /** redis:// or rediss:// URL without a database. */
    @Required
    @Pattern("^rediss?://[^/]+$")
    public String endpoint;

    /** The DB index reserved for branch environments. */
    @Min(0)
    @Max(15)
    public Integer database = 0;

    /** Key namespace; must contain {branch}, or teardown would delete other branches' keys. */
    @Pattern("^[A-Za-z0-9_:.-]*\\{branch\\}[A-Za-z0-9_:.-]*$")
    public String namespace = "{branch}";
  }

  /** The migration (and seed) run before a branch environment takes traffic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Migrate {
    @Required public String container;

    @Required
    @Size(min = 1, max = 100)
    public List<String> command;

    @Min(10)
    @Max(86400)
    public Integer timeoutSeconds = 1800;
  }

  /** Names of the environment variables injected into every container. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Variables {
    public String branch = "BRANCH";
    public String database = "DB_NAME";
    public String redisUrl = "REDIS_URL";
    public String redisNamespace = "REDIS_NAMESPACE";
  }
}
