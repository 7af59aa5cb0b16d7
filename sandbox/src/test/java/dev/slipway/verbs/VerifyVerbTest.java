package dev.slipway.verbs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerifyVerbTest {
  private static final String FULL = ExampleManifests.full();
  private static final String PREFIX = "PROBLEM default/bookmark-web ";
  private final VerbsFixture f = new VerbsFixture().seed(FULL);

  @Test
  void everythingSeededIsOk() {
    VerbResult r = f.verify(FULL);

    assertThat(r.stdout()).isEqualTo("default/bookmark-web: ok\n");
    assertThat(r.exitCode()).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "servicerelease-full.yaml",
        "servicerelease-minimal.yaml",
        "servicerelease-crashloop.yaml"
      })
  void everyExampleVerifiesOnceSeededAsTheSandboxSeedsIt(String example) {
    String manifest = ExampleManifests.read(ExampleManifests.examples().resolve(example));

    VerbResult r = new VerbsFixture().seed(manifest).verify(manifest);

    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  @Test
  void missingTargetGroup() {
    VerbResult r =
        f.verify(
            FULL.replace(
                "targetgroup/bookmark-web/6d0ecf831eec9f09", "targetgroup/gone/0000000000000000"));

    assertProblem(
        r,
        "spec.service.loadBalancers[0].targetGroupArn: target group arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/gone/0000000000000000 does not exist");
  }

  @Test
  void containerPortTheTargetGroupDoesNotHealthCheck() {
    // A target group that health-checks 8080 while the container moves to 9090.
    String tg =
        f.sim
            .elb(f.target())
            .createTargetGroup(
                b ->
                    b.name("fixed-port")
                        .protocol("HTTP")
                        .port(8080)
                        .vpcId("vpc-1")
                        .targetType("ip")
                        .healthCheckPort("8080"))
            .targetGroups()
            .get(0)
            .targetGroupArn();
    String lb = f.sim.createLoadBalancer(VerbsFixture.ACCOUNT, VerbsFixture.REGION, "other");
    f.sim.createListener(VerbsFixture.ACCOUNT, VerbsFixture.REGION, lb, 81, tg);
    String manifest =
        FULL.replace(
            "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/bookmark-web/6d0ecf831eec9f09",
            tg);
    VerbResult r = f.verify(manifest.replace("containerPort: 8080", "containerPort: 9090"));

    assertProblem(
        r,
        "spec.service.loadBalancers[0].containerPort: target group fixed-port health-checks port 8080 but container app listens on 9090");
  }

  @Test
  void missingImageTag() {
    VerbResult r = f.verify(FULL.replace("bookmark:3f2a9c1", "bookmark:not-pushed"));

    assertProblem(
        r,
        "spec.taskDefinition.containers[0].image: image bookmark:not-pushed not found in ECR (ImageNotFoundException");
  }

  @Test
  void unreadableSecret() {
    String arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bookmark/db-AbCdEf";
    f.sim.references(VerbsFixture.ACCOUNT).secret(VerbsFixture.REGION, arn, false);

    VerbResult r = f.verify(FULL);

    assertProblem(
        r,
        "spec.taskDefinition.containers[0].secrets.DATABASE_URL: secret "
            + arn
            + " is not readable (AccessDeniedException");
  }

  @Test
  void missingParameter() {
    VerbResult r =
        f.verify(FULL.replace("parameter/bookmark/secret-key-base", "parameter/bookmark/other"));

    assertProblem(
        r,
        "spec.taskDefinition.containers[0].secrets.SECRET_KEY_BASE: parameter /bookmark/other does not exist");
  }

  @Test
  void missingLogGroup() {
    f.sim.references(VerbsFixture.ACCOUNT).removeLogGroup(VerbsFixture.REGION, "/ecs/bookmark-web");

    VerbResult r = f.verify(FULL);

    assertProblem(
        r,
        "spec.taskDefinition.containers[0].logConfiguration.options.awslogs-group: log group /ecs/bookmark-web does not exist in ap-northeast-1");
  }

  @Test
  void roleWithoutEcsTasksTrust() {
    f.sim.references(VerbsFixture.ACCOUNT).role("bookmark-task", "ec2.amazonaws.com");

    VerbResult r = f.verify(FULL);

    assertProblem(
        r,
        "spec.taskDefinition.taskRoleArn: role bookmark-task does not trust ecs-tasks.amazonaws.com");
  }

  @Test
  void missingRole() {
    VerbResult r = f.verify(FULL.replace("role/bookmark-execution", "role/nobody"));

    assertProblem(
        r, "spec.taskDefinition.executionRoleArn: role nobody cannot be read (NoSuchEntity");
  }

  @Test
  void missingCluster() {
    VerbResult r = f.verify(FULL.replace("cluster: core", "cluster: nowhere"));

    assertProblem(r, "spec.cluster: cluster nowhere does not exist");
  }

  @Test
  void wrongAccount() {
    VerbsFixture other = new VerbsFixture("999999999999");
    String noRole = FULL.replace("    roleArn: arn:aws:iam::123456789012:role/slipway\n", "");

    VerbResult r = other.verify(noRole);

    assertProblem(r, "spec.aws.accountId: credentials are for account 999999999999");
  }

  @Test
  void awsOutageIsExitThree() {
    f.sim
        .faults()
        .set(
            "*",
            dev.slipway.sandbox.sim.FaultRule.errors(
                1.0, dev.slipway.sandbox.sim.FaultKind.SERVICE_UNAVAILABLE));

    VerbResult r = f.verify(FULL);

    assertThat(r.exitCode()).isEqualTo(VerbResult.AWS_ERROR);
    assertThat(r.stderr()).contains("could not check");
  }

  private static void assertProblem(VerbResult r, String line) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(VerbResult.CHANGES);
    assertThat(r.stdout()).contains(PREFIX + line);
    // One thing broken: one problem reported.
    assertThat(r.stdout().lines().filter(l -> l.startsWith("PROBLEM"))).hasSize(1);
  }
}
