package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ServiceRelease CRD carries the names, columns, CEL rules and bounds users rely on. */
class CrdSchemaTest {
  private static final String FILE = "servicereleases.slipway.dev-v1.yml";

  static Stream<Path> crds() {
    return Stream.of(
        Path.of("target/classes/META-INF/fabric8").resolve(FILE), Path.of("../crds").resolve(FILE));
  }

  private static JsonNode load(Path file) throws IOException {
    assumeTrue(Files.exists(file), file + " not generated");
    return new YAMLMapper().readTree(file.toFile());
  }

  private static JsonNode version(JsonNode crd) {
    JsonNode versions = crd.at("/spec/versions");
    assertThat(versions.size()).isEqualTo(1);
    return versions.get(0);
  }

  /** The schema of spec.<path>, following properties and array items ("[]"). */
  private static JsonNode spec(JsonNode crd, String... path) {
    JsonNode node = version(crd).at("/schema/openAPIV3Schema/properties/spec");
    for (String p : path) {
      node = p.equals("[]") ? node.get("items") : node.path("properties").path(p);
      assertThat(node).as("schema node " + String.join(".", path)).isNotNull();
      assertThat(node.isMissingNode()).as("schema node " + String.join(".", path)).isFalse();
    }
    return node;
  }

  private static List<String> rules(JsonNode schema) {
    List<String> rules = new ArrayList<>();
    schema.path("x-kubernetes-validations").forEach(v -> rules.add(v.path("rule").asText()));
    return rules;
  }

  private static List<String> messages(JsonNode schema) {
    List<String> messages = new ArrayList<>();
    schema.path("x-kubernetes-validations").forEach(v -> messages.add(v.path("message").asText()));
    return messages;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void namesGroupAndShortName(Path file) throws IOException {
    JsonNode crd = load(file);
    assertThat(crd.at("/metadata/name").asText()).isEqualTo("servicereleases.slipway.dev");
    assertThat(crd.at("/spec/group").asText()).isEqualTo("slipway.dev");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("ServiceRelease");
    assertThat(crd.at("/spec/names/shortNames")).extracting(JsonNode::asText).containsExactly("sr");
    assertThat(version(crd).path("name").asText()).isEqualTo("v1alpha1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void statusSubresource(Path file) throws IOException {
    JsonNode status = version(load(file)).at("/subresources/status");
    assertThat(status.isObject()).as("subresources.status").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void printerColumns(Path file) throws IOException {
    JsonNode columns = version(load(file)).path("additionalPrinterColumns");
    Map<String, String> byName = new java.util.TreeMap<>();
    columns.forEach(c -> byName.put(c.path("name").asText(), c.path("jsonPath").asText()));
    assertThat(byName)
        .containsOnly(
            Map.entry("Service", ".status.serviceName"),
            Map.entry("Image", ".status.image"),
            Map.entry("Desired", ".status.desiredImage"),
            Map.entry("Phase", ".status.phase"),
            Map.entry("Running", ".status.replicas"),
            Map.entry("Age", ".metadata.creationTimestamp"));
    columns.forEach(
        c -> {
          if (c.path("name").asText().equals("Age")) {
            assertThat(c.path("type").asText()).isEqualTo("date");
          }
          // The desired image is for -o wide; the default view shows what serves traffic.
          assertThat(c.path("priority").asInt())
              .isEqualTo(c.path("name").asText().equals("Desired") ? 1 : 0);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void taskDefinitionRules(Path file) throws IOException {
    JsonNode td = spec(load(file), "taskDefinition");
    assertThat(rules(td))
        .contains(
            "self.containers.all(c, self.containers.exists_one(d, d.name == c.name))",
            "self.containers.exists(c, !has(c.essential) || c.essential)");
    assertThat(messages(td))
        .contains("container names must be unique", "at least one container must be essential");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void loadBalancerAndPreDeployRulesReferenceDeclaredContainers(Path file) throws IOException {
    List<String> rules = rules(spec(load(file)));
    assertThat(rules)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("self.service.loadBalancers.all(lb")
                    .contains("c.name == lb.containerName")
                    .contains("p.containerPort == lb.containerPort"));
    assertThat(rules)
        .anySatisfy(
            r -> assertThat(r).contains("self.preDeploy.all(t").contains("c.name == t.container"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyStrategyButRollingNeedsTraffic(Path file) throws IOException {
    JsonNode strategy = spec(load(file), "strategy");
    assertThat(rules(strategy))
        .anySatisfy(r -> assertThat(r).contains("self.type == 'Rolling' || has(self.traffic)"));
    assertThat(messages(strategy))
        .anySatisfy(m -> assertThat(m).contains("strategy.traffic is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void strategyRuleAcceptsAnOmittedType(Path file) throws IOException {
    JsonNode strategy = spec(load(file), "strategy");
    boolean defaulted =
        spec(load(file), "strategy", "type").path("default").asText().equals("Rolling");
    boolean guarded = rules(strategy).stream().anyMatch(r -> r.contains("!has(self.type)"));
    assertThat(defaulted || guarded).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void identityIsImmutable(Path file) throws IOException {
    List<String> rules = rules(spec(load(file)));
    assertThat(rules)
        .contains(
            "self.cluster == oldSelf.cluster",
            "self.aws.accountId == oldSelf.aws.accountId && self.aws.region =="
                + " oldSelf.aws.region");
    assertThat(rules)
        .anySatisfy(r -> assertThat(r).contains("self.serviceName == oldSelf.serviceName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void otherRules(Path file) throws IOException {
    JsonNode crd = load(file);
    assertThat(rules(spec(crd, "service")))
        .contains("!has(self.capacityProviderStrategy) || !has(self.launchType)");
    assertThat(rules(spec(crd, "service", "autoscaling")))
        .contains("self.minCapacity <= self.maxCapacity");
    // Secret ARNs are a pattern on the map's values: kube-apiserver priced the CEL rule over the
    // map beyond its budget and refused the CRD.
    assertThat(
            spec(crd, "taskDefinition", "containers", "[]", "secrets")
                .path("additionalProperties")
                .path("pattern")
                .asText())
        .isEqualTo(ContainerSpec.SECRET_ARN_PATTERN);
    assertThat(rules(spec(crd, "taskDefinition", "containers", "[]")))
        .noneSatisfy(r -> assertThat(r).contains("self.secrets"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void accountAndRegionPatternsAndRequiredFields(Path file) throws IOException {
    JsonNode crd = load(file);
    assertThat(spec(crd, "aws", "accountId").path("pattern").asText()).isEqualTo("^[0-9]{12}$");
    assertThat(spec(crd, "aws", "region").path("pattern").asText())
        .isEqualTo("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$");
    assertThat(spec(crd, "aws").path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("accountId", "region");
    assertThat(spec(crd).path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("aws", "cluster", "taskDefinition");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void collectionsTraversedByCelAreBounded(Path file) throws IOException {
    JsonNode crd = load(file);
    assertThat(spec(crd, "taskDefinition", "containers").path("maxItems").asInt()).isEqualTo(10);
    assertThat(
            spec(crd, "taskDefinition", "containers", "[]", "portMappings")
                .path("maxItems")
                .asInt())
        .isEqualTo(20);
    assertThat(
            spec(crd, "taskDefinition", "containers", "[]", "secrets")
                .path("maxProperties")
                .asInt())
        .isEqualTo(100);
    assertThat(spec(crd, "service", "loadBalancers").path("maxItems").asInt()).isEqualTo(5);
    assertThat(spec(crd, "preDeploy").path("maxItems").asInt()).isEqualTo(10);
    assertThat(spec(crd, "service", "capacityProviderStrategy").path("maxItems").asInt())
        .isEqualTo(6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyArrayAndMapInSpecIsBounded(Path file) throws IOException {
    List<String> unbounded = new ArrayList<>();
    walk(spec(load(file)), "spec", unbounded);
    assertThat(unbounded)
        .as("arrays without maxItems / maps without maxProperties")
        .containsExactly("spec.taskDefinition.containers[].logConfiguration.options");
  }

  private static void walk(JsonNode node, String path, List<String> unbounded) {
    String type = node.path("type").asText();
    if (type.equals("array")) {
      if (!node.has("maxItems")) unbounded.add(path);
      walk(node.path("items"), path + "[]", unbounded);
    } else if (type.equals("object")) {
      if (node.has("additionalProperties") && !node.has("maxProperties")) unbounded.add(path);
      node.path("properties")
          .fields()
          .forEachRemaining(e -> walk(e.getValue(), path + "." + e.getKey(), unbounded));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void stringsUsedInCelIterationsHaveMaxLength(Path file) throws IOException {
    JsonNode crd = load(file);
    List<JsonNode> strings =
        List.of(
            spec(crd, "taskDefinition", "containers", "[]", "name"),
            spec(crd, "service", "loadBalancers", "[]", "containerName"),
            spec(crd, "preDeploy", "[]", "container"),
            spec(crd, "taskDefinition", "containers", "[]", "secrets")
                .path("additionalProperties"));
    assertThat(strings).allSatisfy(s -> assertThat(s.has("maxLength")).isTrue());
  }
}
