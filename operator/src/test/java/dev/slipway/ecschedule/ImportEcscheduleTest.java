package dev.slipway.ecschedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.api.v1alpha1.ScheduledTask;
import dev.slipway.api.v1alpha1.ScheduledTaskSpec;
import dev.slipway.schedule.ScheduleExpression;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The sample ecschedule config (a UTC cron, a rate, a disabled rule, overrides with network and
 * capacity, and a rule of settings a ScheduledTask cannot express) as manifests that read back as
 * ScheduledTasks, with every setting that did not carry over listed.
 */
class ImportEcscheduleTest {
  static final Map<String, String> ENV = Map.of("REPORT_BUCKET", "s3-reports");
  static final ImportOptions OPTIONS =
      new ImportOptions("batch", Map.of("search-indexer", "search"), null, ENV);

  /** The sample config's text. */
  static String sample() {
    try (InputStream in =
        ImportEcscheduleTest.class.getResourceAsStream("/ecschedule/sample.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, ScheduledTask> readBack(String manifests) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(ScheduledTask.class);
    Object parsed = serialization.unmarshal(manifests);
    List<?> objects = parsed instanceof List<?> l ? l : List.of(parsed);
    return objects.stream()
        .map(ScheduledTask.class::cast)
        .collect(
            Collectors.toMap(
                t -> t.getMetadata().getName(),
                Function.identity(),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  private static Map<String, ScheduledTask> imported() {
    ImportResult result = EcscheduleImport.read(sample(), OPTIONS);
    return readBack(ImportedManifests.stream(ImportedManifests.render(result, "sample.yaml")));
  }

  @Test
  void everyRuleReadsBackAsAScheduledTaskInUtcWithAValidSchedule() {
    Map<String, ScheduledTask> tasks = imported();
    assertThat(tasks)
        .containsOnlyKeys(
            "nightly-report", "sync-inventory", "legacy-cleanup", "reindex", "reindex-2");
    assertThat(tasks.values())
        .allSatisfy(
            t -> {
              ScheduledTaskSpec spec = t.getSpec();
              assertThat(t.getApiVersion()).isEqualTo("slipway.dev/v1alpha1");
              assertThat(t.getMetadata().getNamespace()).isEqualTo("batch");
              assertThat(ScheduleExpression.parse(spec.schedule).text()).isEqualTo(spec.schedule);
              assertThat(spec.timeZone).isEqualTo("UTC");
              assertThat(spec.engine).isEqualTo(ScheduledTaskSpec.Engine.EventBridgeScheduler);
              assertThat(spec.aws.region).isEqualTo("ap-northeast-1");
              assertThat(spec.aws.accountId).isEqualTo("123456789012");
              assertThat(spec.cluster).isEqualTo("batch");
              assertThat(spec.taskDefinition).isNull();
            });
    assertThat(tasks.get("nightly-report").getSpec().schedule)
        .isEqualTo("cron(30 18 ? * MON-FRI *)");
    assertThat(tasks.get("nightly-report").getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/description", "nightly sales report");
    assertThat(tasks.get("sync-inventory").getSpec().schedule).isEqualTo("rate(15 minutes)");
  }

  @Test
  void familiesBecomeReleaseRefsMappedOrNamedLikeTheFamily() {
    Map<String, ScheduledTask> tasks = imported();
    assertThat(tasks.get("reindex").getSpec().releaseRef.name).isEqualTo("search");
    assertThat(tasks.get("reindex-2").getSpec().releaseRef.name).isEqualTo("search");
    assertThat(tasks.get("sync-inventory").getSpec().releaseRef.name).isEqualTo("inventory");
    ImportedTask sync = EcscheduleImport.read(sample(), OPTIONS).tasks().get(1);
    assertThat(sync.notes())
        .anySatisfy(
            n -> assertThat(n).contains("assumes a ServiceRelease named inventory in batch"));
  }

  @Test
  void disabledSuspendsAndTheRoleAndEnvironmentCarryOver() {
    Map<String, ScheduledTask> tasks = imported();
    assertThat(tasks.get("legacy-cleanup").getSpec().suspend).isTrue();
    assertThat(tasks.get("sync-inventory").getSpec().suspend).isFalse();
    assertThat(tasks.get("nightly-report").getSpec().eventBridge.roleArn)
        .isEqualTo("arn:aws:iam::123456789012:role/ecsEventsRole");
    var app = tasks.get("nightly-report").getSpec().overrides.containers.get(0);
    assertThat(app.name).isEqualTo("app");
    assertThat(app.command).containsExactly("bin/report", "--yesterday");
    assertThat(app.environment)
        .isEqualTo(Map.of("REPORT_BUCKET", "s3-reports", "LOG_LEVEL", "info"));
    assertThat(tasks.get("sync-inventory").getSpec().launchType).isEqualTo("FARGATE");
    assertThat(tasks.get("sync-inventory").getSpec().platformVersion).isEqualTo("1.4.0");
  }

  @Test
  void overridesCapacityNetworkAndDeadLetterQueueCarryOver() {
    ScheduledTaskSpec spec = imported().get("reindex").getSpec();
    assertThat(spec.overrides.cpu).isEqualTo("1024");
    assertThat(spec.overrides.memory).isEqualTo("2048");
    var indexer = spec.overrides.containers.get(0);
    assertThat(indexer.command).containsExactly("reindex", "--all");
    assertThat(indexer.cpu).isEqualTo(512);
    assertThat(indexer.memory).isEqualTo(1024);
    assertThat(indexer.environment)
        .containsEntry("BATCH_SIZE", "500")
        .containsEntry("RATIO", "1.50");
    assertThat(spec.capacityProviderStrategy)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.capacityProvider).isEqualTo("FARGATE_SPOT");
              assertThat(p.weight).isEqualTo(1);
            });
    assertThat(spec.launchType).isNull();
    assertThat(spec.networkConfiguration.subnets)
        .containsExactly("subnet-0a1b2c3d", "subnet-4e5f6a7b");
    assertThat(spec.networkConfiguration.securityGroups).containsExactly("sg-11111111");
    assertThat(spec.networkConfiguration.assignPublicIp).isFalse();
    assertThat(spec.eventBridge.roleArn)
        .isEqualTo("arn:aws:iam::123456789012:role/search-scheduler");
    assertThat(spec.eventBridge.deadLetterArn)
        .isEqualTo("arn:aws:sqs:ap-northeast-1:123456789012:batch-dlq");
  }

  @Test
  void everyUnmappableSettingIsListedOnTheRuleAndAtopItsDocumentOnly() {
    ImportResult result = EcscheduleImport.read(sample(), OPTIONS);
    ImportedTask odd = result.tasks().get(4);
    assertThat(odd.unmapped())
        .anySatisfy(u -> assertThat(u).startsWith("taskDefinition: search-indexer:42 pins"))
        .anySatisfy(u -> assertThat(u).startsWith("taskCount: 3;"))
        .anySatisfy(u -> assertThat(u).startsWith("group: nightly;"))
        .anySatisfy(u -> assertThat(u).startsWith("propagateTags: TASK_DEFINITION;"))
        .anySatisfy(
            u ->
                assertThat(u)
                    .startsWith("launchType: not an ecschedule key")
                    .contains("ecschedule reads launch_type"))
        .anySatisfy(u -> assertThat(u).startsWith("retryPolicy: ecschedule has no retryPolicy"))
        .anySatisfy(u -> assertThat(u).startsWith("containerOverrides[0].memoryReservation: 256"))
        .anySatisfy(
            u ->
                assertThat(u)
                    .isEqualTo(
                        "network_configuration.aws_vpc_configuration.subnets[0]: {{ tfstate"
                            + " `aws_subnet.private-a.id` }} cannot be resolved offline"))
        .hasSize(8);
    assertThat(odd.notes())
        .anySatisfy(n -> assertThat(n).contains("reindex-2 because an earlier rule already"));
    assertThat(odd.task().getSpec().networkConfiguration.subnets)
        .containsExactly("subnet-0a1b2c3d");
    assertThat(result.tasks().subList(0, 4)).allSatisfy(t -> assertThat(t.unmapped()).isEmpty());
    assertThat(result.unmapped())
        .singleElement()
        .satisfies(u -> assertThat(u).startsWith("trackingId: batch-jobs;"));
    assertThat(result.notes())
        .anySatisfy(n -> assertThat(n).contains("scheduler.amazonaws.com"))
        .anySatisfy(n -> assertThat(n).contains("185 times"));

    List<ImportedManifests.Document> documents = ImportedManifests.render(result, "sample.yaml");
    String oddDocument = documents.get(4).text();
    assertThat(oddDocument)
        .startsWith("# Imported by slipway import ecschedule from rule Reindex of sample.yaml\n")
        .contains("# Not imported (review by hand):\n#   - taskDefinition: search-indexer:42")
        .contains("#   - taskCount: 3;")
        .contains("# Check before applying:");
    assertThat(documents.get(0).text()).doesNotContain("taskCount").doesNotContain("tfstate");
  }

  @Test
  void theAccountComesFromTheOptionWhenNoArnNamesIt() {
    String config =
        "region: us-east-1\ncluster: arn:aws:ecs:us-east-1:111122223333:cluster/api\nrules:\n"
            + "- name: a\n  scheduleExpression: rate(1 hour)\n  taskDefinition: t\n";
    ImportOptions none = new ImportOptions(null, Map.of(), null, Map.of());
    ScheduledTaskSpec fromCluster =
        EcscheduleImport.read(config, none).tasks().get(0).task().getSpec();
    assertThat(fromCluster.aws.accountId).isEqualTo("111122223333");
    assertThat(fromCluster.cluster).isEqualTo("api");
    assertThat(fromCluster.eventBridge.roleArn)
        .isEqualTo("arn:aws:iam::111122223333:role/ecsEventsRole");

    String noArn = config.replace("arn:aws:ecs:us-east-1:111122223333:cluster/api", "api");
    assertThatThrownBy(() -> EcscheduleImport.read(noArn, none))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("cannot tell the AWS account")
        .hasMessageContaining("--account-id");
    ImportOptions given = new ImportOptions(null, Map.of(), "444455556666", Map.of());
    assertThat(EcscheduleImport.read(noArn, given).tasks().get(0).task().getSpec().aws.accountId)
        .isEqualTo("444455556666");
  }

  @Test
  void badConfigsFailWithAMessageThatSaysWhy() {
    ImportOptions o = new ImportOptions(null, Map.of(), "123456789012", Map.of());
    String rule = "region: us-east-1\ncluster: c\nrules:\n- name: a\n  taskDefinition: t\n";
    assertThatThrownBy(() -> EcscheduleImport.read("rules: [", o))
        .hasMessageStartingWith("not valid YAML");
    assertThatThrownBy(() -> EcscheduleImport.read("region: x\n", o))
        .hasMessage("not an ecschedule config: no rules list");
    assertThatThrownBy(() -> EcscheduleImport.read(rule, o))
        .hasMessage("rule a: scheduleExpression is missing");
    assertThatThrownBy(
            () -> EcscheduleImport.read(rule + "  scheduleExpression: cron(0 3 * * * *)\n", o))
        .hasMessageStartingWith("rule a: scheduleExpression cron(0 3 * * * *): ");
    assertThatThrownBy(
            () ->
                EcscheduleImport.read(rule + "  scheduleExpression: at(2030-01-01T00:00:00)\n", o))
        .hasMessageContaining("cron(...) or rate(...) only");
    assertThatThrownBy(() -> EcscheduleImport.read(sample(), o))
        .hasMessageStartingWith("environment variable REPORT_BUCKET is not defined");
  }
}
