package dev.slipway.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.environment.EnvironmentValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * charts/branch-environment rendered by real Helm (helm-java) with the values the ApplicationSet in
 * examples/argocd passes, checked against the committed StagingEnvironment CRD and Slipway's own
 * validator.
 */
class BranchEnvironmentChartTest {
  static final Path CHART = Path.of("../charts/branch-environment");
  static final Path APPLICATION_SET =
      Path.of("../examples/argocd/applicationset-pr-generator.yaml");
  static final Path CRD = Path.of("../crds/stagingenvironments.slipway.dev-v1.yml");
  static final String SHA = "3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
  static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  static final YAMLMapper YAML = new YAMLMapper();

  static {
    // helm-java unpacks its native library through JNA; the default temp dir may not be writable.
    System.setProperty("jna.tmpdir", Path.of("target/jna").toAbsolutePath().toString());
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void theApplicationSetsParametersRenderOneValidBranchEnvironment() throws IOException {
    JsonNode env = render(applicationSetParameters("qa/foo", SHA, 17));
    assertThat(env.path("apiVersion").asText()).isEqualTo("slipway.dev/v1alpha1");
    assertThat(env.path("kind").asText()).isEqualTo("StagingEnvironment");
    assertThat(env.at("/spec/from").asText()).isEqualTo("bookmark-staging");
    assertThat(env.at("/spec/branch").asText()).isEqualTo("qa/foo");
    assertThat(env.at("/spec/imageTag").asText()).isEqualTo(SHA);
    assertThat(env.at("/metadata/name").asText()).matches("bookmark-qa-foo-[0-9a-f]{8}");
    assertThat(env.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
    assertValid(env);
  }

  @Test
  void namesAreDnsLabelsAndUniquePerBranchWhateverTheBranchLooksLike() throws IOException {
    List<String> branches =
        List.of(
            "qa/foo",
            "qa-foo",
            "QA/Foo",
            "qa/JIRA-1234-make-the-checkout-page-remember-the-coupon-code-and-more-words",
            "qa/Fix \"it's\"; DROP DATABASE mysql; -- `x` café..日本",
            "qa/----");
    List<String> names = new ArrayList<>();
    for (String branch : branches) {
      JsonNode env = render(Map.of("branch", branch, "imageTag", SHA));
      String name = env.at("/metadata/name").asText();
      assertThat(name).as(branch).matches(DNS_LABEL).hasSizeLessThanOrEqualTo(63);
      assertThat(env.at("/spec/branch").asText()).isEqualTo(branch);
      assertValid(env);
      names.add(name);
    }
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void anExplicitNameImagesAndAnotherSharedEnvironmentAreRendered() throws IOException {
    JsonNode env =
        render(
            Map.of(
                "name",
                "Shop_PR-42",
                "from",
                "shop-staging",
                "branch",
                "qa/bar",
                "images.app",
                "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop:" + SHA));
    assertThat(env.at("/metadata/name").asText()).isEqualTo("shop-pr-42");
    assertThat(env.at("/spec/from").asText()).isEqualTo("shop-staging");
    assertThat(env.at("/spec").has("imageTag")).as("no empty imageTag").isFalse();
    assertThat(env.at("/spec/images/app").asText()).endsWith(":" + SHA);
    assertValid(env);
  }

  @Test
  void missingBranchOrImageIsAHelmErrorNotAnIncompleteResource() {
    assertThatThrownBy(() -> render(Map.of("imageTag", SHA))).hasMessageContaining("branch");
    assertThatThrownBy(() -> render(Map.of("branch", "qa/foo")))
        .hasMessageContaining("imageTag (or images) is required");
  }

  /**
   * The Helm parameters of examples/argocd/applicationset-pr-generator.yaml with the pull-request
   * generator's placeholders filled in, as Argo CD would.
   */
  static Map<String, String> applicationSetParameters(String branch, String sha, int number)
      throws IOException {
    JsonNode set = YAML.readTree(APPLICATION_SET.toFile());
    JsonNode source = set.at("/spec/template/spec/source");
    assertThat(source.path("path").asText()).isEqualTo("charts/branch-environment");
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (JsonNode p : source.at("/helm/parameters")) {
      String value =
          p.path("value")
              .asText()
              .replace("{{branch}}", branch)
              .replace("{{head_sha}}", sha)
              .replace("{{number}}", Integer.toString(number));
      assertThat(value).as(p.path("name").asText()).doesNotContain("{{");
      values.put(p.path("name").asText(), value);
    }
    return values;
  }

  private static JsonNode render(Map<String, String> values) throws IOException {
    TemplateCommand template = new Helm(CHART).template().withName("bookmark-qa-foo-17");
    values.forEach(template::set);
    String out = template.call();
    List<JsonNode> docs =
        YAML.readValues(YAML.getFactory().createParser(out), JsonNode.class).readAll().stream()
            .filter(d -> d != null && !d.isEmpty())
            .toList();
    assertThat(docs).as(out).hasSize(1);
    return docs.get(0);
  }

  /** The object fits the CRD's schema and Slipway's validator has nothing to say about it. */
  private static void assertValid(JsonNode env) throws IOException {
    JsonNode schema =
        YAML.readTree(CRD.toFile()).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    assertThat(SchemaCheck.problems("spec", env.path("spec"), schema)).isEmpty();
    StagingEnvironment typed =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .treeToValue(env, StagingEnvironment.class);
    assertThat(typed.isBranch()).isTrue();
    assertThat(EnvironmentValidator.validate(typed.getSpec())).isEmpty();
  }
}
