package dev.slipway.stateful;

/**
 * StagingEnvironment manifests as a user writes them (YAML), so the tests go through the API
 * server's schema and CEL admission like kubectl does and do not depend on Slipway's Java model.
 */
final class EnvironmentManifests {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "ap-northeast-1";
  static final String CLUSTER = "staging";
  static final String TTL = "4h";
  static final int MAX_ENVIRONMENTS = 2;
  static final String MISSING_LOAD_BALANCER =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/gone/0123456789abcdef";
  static final String MISSING_LISTENER =
      "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:listener/app/gone/0123456789abcdef/0123456789abcdef";

  private EnvironmentManifests() {}

  /** Everything a shared environment manifest varies in. */
  record Shared(
      String name,
      Engine engine,
      String databaseEndpoint,
      String secret,
      String schemaPattern,
      String redisEndpoint,
      String redisPattern,
      String routing) {}

  /** Port routing on a load balancer, from a small port range of its own (YAML under branches). */
  static String portRouting(String loadBalancerArn, int from, int to) {
    return "    routing:\n"
        + "      mode: Port\n"
        + "      loadBalancerArn: "
        + loadBalancerArn
        + "\n"
        + "      portRange: {from: "
        + from
        + ", to: "
        + to
        + "}\n"
        + "      vpcId: vpc-0a0a\n";
  }

  /** Host-header routing on a listener (YAML under branches). */
  static String hostRouting(String listenerArn, String sharedName) {
    return "    routing:\n"
        + "      mode: HostHeader\n"
        + "      listenerArn: "
        + listenerArn
        + "\n"
        + "      hostPattern: \"{branch}."
        + sharedName
        + ".qa.example.com\"\n"
        + "      vpcId: vpc-0a0a\n";
  }

  static String shared(Shared s) {
    String database = s.engine() == Engine.POSTGRESQL ? "\n      database: test" : "";
    return """
        apiVersion: slipway.dev/v1alpha1
        kind: StagingEnvironment
        metadata:
          name: %s
        spec:
          aws: {region: %s, accountId: "%s"}
          cluster: %s
          services:
            - name: web
              template:
                taskDefinition:
                  family: %s-web
                  cpu: "256"
                  memory: "512"
                  containers:
                    - name: app
                      image: %s.dkr.ecr.%s.amazonaws.com/shop:main-1
                      portMappings: [{containerPort: 8080}]
                service:
                  desiredCount: 1
                  networkConfiguration: {subnets: [subnet-0a1b2c3d]}
              route: {containerName: app, containerPort: 8080}
          branches:
            match: "qa/*"
            ttl: %s
            maxEnvironments: %d
        %s    database:
              engine: %s
              endpoint: "%s"%s
              adminSecretRef: {name: %s}
              schemaName: "%s"
            redis:
              endpoint: "%s"
              database: %d
              namespace: "%s"
            migrate:
              container: app
              command: [bin/rails, db:prepare]
        """
        .formatted(
            s.name(),
            REGION,
            ACCOUNT,
            CLUSTER,
            s.name(),
            ACCOUNT,
            REGION,
            TTL,
            MAX_ENVIRONMENTS,
            s.routing(),
            s.engine().manifest,
            s.databaseEndpoint(),
            database,
            s.secret(),
            s.schemaPattern(),
            s.redisEndpoint(),
            Datastores.REDIS_DB,
            s.redisPattern());
  }

  static String branch(String name, String shared, String branch, String tag) {
    return """
        apiVersion: slipway.dev/v1alpha1
        kind: StagingEnvironment
        metadata:
          name: %s
        spec:
          from: %s
          branch: "%s"
          imageTag: %s
        """
        .formatted(name, shared, branch, tag);
  }
}
