package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ContainerSpec;
import dev.slipway.api.v1alpha1.PreDeployTaskSpec;
import dev.slipway.api.v1alpha1.ServiceRelease;
import dev.slipway.api.v1alpha1.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** The canonical hash over SDK requests: insensitive to map order, sensitive to real content. */
class ContentHashTest {
  private static final String DB_ARN =
      "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:web/db-AbCdEf";
  private static final String KEY_ARN =
      "arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/secret-key-base";

  /** A release whose maps are built in the given insertion order (true: A→Z, false: Z→A). */
  private static ServiceRelease release(boolean ascending) {
    ServiceRelease sr = Releases.web("web", "registry/web:v1");
    ContainerSpec app = sr.getSpec().taskDefinition.containers.get(0);
    app.environment = ordered(ascending, "APP_ENV", "production", "LOG_LEVEL", "info", "Z", "1");
    app.secrets = ordered(ascending, "DATABASE_URL", DB_ARN, "SECRET_KEY_BASE", KEY_ARN);
    app.logConfiguration = new ContainerSpec.LogConfiguration();
    app.logConfiguration.logDriver = "awslogs";
    app.logConfiguration.options =
        ordered(ascending, "awslogs-group", "/ecs/web", "awslogs-region", "ap-northeast-1");
    return sr;
  }

  private static Map<String, String> ordered(boolean ascending, String... kv) {
    Map<String, String> map = new LinkedHashMap<>();
    if (ascending) {
      for (int i = 0; i < kv.length; i += 2) map.put(kv[i], kv[i + 1]);
    } else {
      for (int i = kv.length - 2; i >= 0; i -= 2) map.put(kv[i], kv[i + 1]);
    }
    return map;
  }

  private static String contentHash(ServiceRelease sr) {
    return ReleasePlan.of(sr).contentHash();
  }

  private static String contentHashAfter(Consumer<ServiceRelease> change) {
    ServiceRelease sr = release(true);
    change.accept(sr);
    return contentHash(sr);
  }

  private static ContainerSpec app(ServiceRelease sr) {
    return sr.getSpec().taskDefinition.containers.get(0);
  }

  @Test
  void sameContentSameHashWhateverTheMapInsertionOrder() {
    ServiceRelease ascending = release(true);
    ServiceRelease descending = release(false);
    assertThat(new ArrayList<>(app(ascending).environment.keySet()))
        .as("precondition: the maps really are in different orders")
        .isNotEqualTo(new ArrayList<>(app(descending).environment.keySet()));

    assertThat(contentHash(descending)).isEqualTo(contentHash(ascending));
    assertThat(ReleasePlan.of(descending).specHash())
        .isEqualTo(ReleasePlan.of(ascending).specHash());
  }

  @Test
  void hashOfSdkMapsIgnoresInsertionOrderDirectly() {
    RegisterTaskDefinitionRequest a =
        RegisterTaskDefinitionRequest.builder()
            .family("f")
            .containerDefinitions(
                ContainerDefinition.builder()
                    .name("c")
                    .dockerLabels(ordered(true, "a", "1", "b", "2", "c", "3"))
                    .build())
            .build();
    RegisterTaskDefinitionRequest b =
        a.toBuilder()
            .containerDefinitions(
                ContainerDefinition.builder()
                    .name("c")
                    .dockerLabels(ordered(false, "a", "1", "b", "2", "c", "3"))
                    .build())
            .build();
    assertThat(ContentHash.of(b)).isEqualTo(ContentHash.of(a));
  }

  @Test
  void hashIsSixteenLowerCaseHexCharacters() {
    assertThat(contentHash(release(true))).matches("^[0-9a-f]{16}$");
    assertThat(ContentHash.of()).matches("^[0-9a-f]{16}$");
    assertThat(ContentHash.of("x", 1, null)).matches("^[0-9a-f]{16}$");
  }

  @Test
  void hashIsStableAcrossCalls() {
    assertThat(contentHash(release(true))).isEqualTo(contentHash(release(true)));
  }

  @Test
  void imageChangeChangesHash() {
    assertThat(contentHashAfter(sr -> app(sr).image = "registry/web:v2"))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void environmentValueChangeChangesHash() {
    assertThat(
            contentHashAfter(
                sr ->
                    app(sr).environment =
                        ordered(true, "APP_ENV", "staging", "LOG_LEVEL", "info", "Z", "1")))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void environmentVariableAddedChangesHash() {
    assertThat(
            contentHashAfter(
                sr -> {
                  Map<String, String> env = new LinkedHashMap<>(app(sr).environment);
                  env.put("NEW", "");
                  app(sr).environment = env;
                }))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void taskCpuChangeChangesHash() {
    assertThat(contentHashAfter(sr -> sr.getSpec().taskDefinition.cpu = "512"))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void portChangeChangesHash() {
    assertThat(contentHashAfter(sr -> app(sr).portMappings.get(0).containerPort = 8081))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void secretArnChangeChangesHash() {
    assertThat(
            contentHashAfter(
                sr ->
                    app(sr).secrets =
                        ordered(true, "DATABASE_URL", DB_ARN + "x", "SECRET_KEY_BASE", KEY_ARN)))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void logOptionChangeChangesHash() {
    assertThat(
            contentHashAfter(
                sr ->
                    app(sr).logConfiguration.options =
                        ordered(
                            true,
                            "awslogs-group",
                            "/ecs/other",
                            "awslogs-region",
                            "ap-northeast-1")))
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void movingAValueBetweenKeysChangesHash() {
    String ab = ContentHash.of(Map.of("a", "x", "b", "y"));
    String ba = ContentHash.of(Map.of("a", "y", "b", "x"));
    assertThat(ab).isNotEqualTo(ba);
  }

  @Test
  void quotesInValuesCannotForgeAnotherMap() {
    String two = ContentHash.of(Map.of("a", "x", "b", "y"));
    String one = ContentHash.of(Map.of("a", "x\",\"b\":\"y"));
    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void partsAreSeparatedNotConcatenated() {
    assertThat(ContentHash.of("ab", "c")).isNotEqualTo(ContentHash.of("a", "bc"));
    assertThat(ContentHash.of("1")).isNotEqualTo(ContentHash.of(1));
  }

  @Test
  void unsetSdkListsAreSkippedInTheCanonicalForm() {
    ContainerDefinition unset = ContainerDefinition.builder().name("a").build();
    ContainerDefinition explicitNull =
        ContainerDefinition.builder().name("a").command((List<String>) null).build();

    assertThat(ContentHash.canonical(unset)).isEqualTo("{\"name\":\"a\",}");
    assertThat(ContentHash.canonical(explicitNull)).isEqualTo(ContentHash.canonical(unset));
    assertThat(ContentHash.of(explicitNull)).isEqualTo(ContentHash.of(unset));
  }

  @Test
  void explicitEmptyListIsContentBecauseItIsSentToAws() {
    ContainerDefinition unset = ContainerDefinition.builder().name("a").build();
    ContainerDefinition empty = ContainerDefinition.builder().name("a").command(List.of()).build();

    assertThat(ContentHash.canonical(empty)).isEqualTo("{\"command\":[],\"name\":\"a\",}");
    assertThat(ContentHash.of(empty)).isNotEqualTo(ContentHash.of(unset));
  }

  @Test
  void emptyAndMissingCompatibilitiesRenderToTheSameContent() {
    String missing =
        contentHashAfter(sr -> sr.getSpec().taskDefinition.requiresCompatibilities = null);
    String empty =
        contentHashAfter(sr -> sr.getSpec().taskDefinition.requiresCompatibilities = List.of());
    assertThat(empty).isEqualTo(missing);
    assertThat(missing)
        .as("dropping the FARGATE default is a real change")
        .isNotEqualTo(contentHash(release(true)));
  }

  @Test
  void listOrderIsContent() {
    assertThat(contentHashAfter(sr -> app(sr).command = List.of("a", "b")))
        .isNotEqualTo(contentHashAfter(sr -> app(sr).command = List.of("b", "a")));
  }

  // --- spec hash ---------------------------------------------------------------------------

  private static String specHash(ServiceRelease sr) {
    return ReleasePlan.of(sr).specHash();
  }

  private static String specHashAfter(Consumer<ServiceRelease> change) {
    ServiceRelease sr = release(true);
    change.accept(sr);
    return specHash(sr);
  }

  @Test
  void specHashIgnoresLabelsAnnotationsAndUid() {
    String changed =
        specHashAfter(
            sr -> {
              sr.getMetadata().setLabels(Map.of("team", "payments"));
              sr.getMetadata().setAnnotations(Map.of("note", "hello"));
              sr.getMetadata().setUid("d6f0c0e2-0000-4000-8000-000000000001");
              sr.getMetadata().setResourceVersion("42");
              sr.getMetadata().setGeneration(7L);
            });
    assertThat(changed).isEqualTo(specHash(release(true)));
  }

  @Test
  void specHashFollowsTaskDefinitionContent() {
    assertThat(specHashAfter(sr -> app(sr).image = "registry/web:v2"))
        .isNotEqualTo(specHash(release(true)));
  }

  @Test
  void specHashChangesWithDesiredCount() {
    assertThat(specHashAfter(sr -> sr.getSpec().service.desiredCount = 3))
        .isNotEqualTo(specHash(release(true)));
  }

  @Test
  void specHashOfAReleaseWithoutPreflightChecksIsUnchangedByTheirExistence() {
    // Pinned: a release made before preflight checks existed keeps its hash, so upgrading the
    // operator does not start a release of every service.
    ServiceRelease none = release(true);
    none.getSpec().preflight = null;
    assertThat(specHash(none)).isEqualTo(specHash(release(true))).isEqualTo("bbe3d97cbb5251de");
  }

  @Test
  void specHashFollowsPreflightChecks() {
    String base = specHash(release(true));
    String one =
        specHashAfter(
            sr -> Releases.withPreflight(sr, Releases.s3Check("assets", "a", "${imageTag}")));
    String fixedBucket =
        specHashAfter(
            sr -> Releases.withPreflight(sr, Releases.s3Check("assets", "b", "${imageTag}")));
    assertThat(one).isNotEqualTo(base).isNotEqualTo(fixedBucket);
    assertThat(contentHash(withCheck(release(true)))).isEqualTo(contentHash(release(true)));
    assertThat(specHash(withCheck(release(true)))).isEqualTo(specHash(withCheck(release(true))));
  }

  private static ServiceRelease withCheck(ServiceRelease sr) {
    return Releases.withPreflight(sr, Releases.ecrCheck("images", null));
  }

  @Test
  void specHashChangesWithServiceSettingsButNotTaskContent() {
    String base = specHash(release(true));
    String contentBase = contentHash(release(true));

    ServiceRelease exec = release(true);
    exec.getSpec().service.enableExecuteCommand = true;
    assertThat(specHash(exec)).isNotEqualTo(base);
    assertThat(contentHash(exec)).isEqualTo(contentBase);

    ServiceRelease subnets = release(true);
    subnets.getSpec().service.networkConfiguration.subnets =
        List.of("subnet-0a1b2c3d", "subnet-ff");
    assertThat(specHash(subnets)).isNotEqualTo(base);

    ServiceRelease rolling = release(true);
    rolling.getSpec().strategy.rolling.minimumHealthyPercent = 50;
    assertThat(specHash(rolling)).isNotEqualTo(base);

    ServiceRelease platform = release(true);
    platform.getSpec().service.platformVersion = "1.4.0";
    assertThat(specHash(platform)).isNotEqualTo(base);

    ServiceRelease spot = release(true);
    ServiceSpec.CapacityProviderItem item = new ServiceSpec.CapacityProviderItem();
    item.capacityProvider = "FARGATE_SPOT";
    spot.getSpec().service.capacityProviderStrategy = List.of(item);
    assertThat(specHash(spot)).isNotEqualTo(base);
  }

  @Test
  void specHashIgnoresDesiredCountWhenAutoscaled() {
    Consumer<ServiceRelease> autoscale =
        sr -> {
          sr.getSpec().service.autoscaling = new ServiceSpec.Autoscaling();
          sr.getSpec().service.autoscaling.minCapacity = 1;
          sr.getSpec().service.autoscaling.maxCapacity = 10;
        };
    String two = specHashAfter(autoscale);
    String five = specHashAfter(autoscale.andThen(sr -> sr.getSpec().service.desiredCount = 5));
    assertThat(five).isEqualTo(two);
  }

  @Test
  void specHashChangesWithPreDeploy() {
    String none = specHash(release(true));
    String migrate = specHashAfter(sr -> Releases.withMigration(sr, "bin/rails", "db:migrate"));
    String seed = specHashAfter(sr -> Releases.withMigration(sr, "bin/rails", "db:seed"));
    String renamed =
        specHashAfter(
            sr -> {
              Releases.withMigration(sr, "bin/rails", "db:migrate");
              sr.getSpec().preDeploy.get(0).name = "migrate2";
            });

    assertThat(migrate).isNotEqualTo(none);
    assertThat(seed).isNotEqualTo(migrate);
    assertThat(renamed).isNotEqualTo(migrate);
    assertThat(contentHashAfter(sr -> Releases.withMigration(sr, "bin/rails", "db:migrate")))
        .as("pre-deploy tasks are not part of the task definition")
        .isEqualTo(contentHash(release(true)));
  }

  @Test
  void specHashChangesWithPreDeployOrder() {
    Consumer<ServiceRelease> two =
        sr -> {
          PreDeployTaskSpec a = new PreDeployTaskSpec();
          a.name = "a";
          a.container = "app";
          a.command = List.of("x");
          PreDeployTaskSpec b = new PreDeployTaskSpec();
          b.name = "b";
          b.container = "app";
          b.command = List.of("y");
          sr.getSpec().preDeploy = new ArrayList<>(List.of(a, b));
        };
    String ab = specHashAfter(two);
    String ba =
        specHashAfter(two.andThen(sr -> java.util.Collections.reverse(sr.getSpec().preDeploy)));
    assertThat(ba).isNotEqualTo(ab);
  }

  @Test
  void specHashChangesWithServiceName() {
    assertThat(specHashAfter(sr -> sr.getSpec().serviceName = "web-v2"))
        .isNotEqualTo(specHash(release(true)));
  }
}
