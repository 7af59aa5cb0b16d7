package dev.slipway.realapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.sandbox.kube.Kubectl;
import dev.slipway.sandbox.kube.admission.AdmissionCheck;
import dev.slipway.sandbox.kube.admission.AdmissionCorpus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kube-apiserver is the judge of the CRDs: it accepts both (structural schema, CEL cost
 * budget), refuses every manifest of the invalid corpus with the field and words the embedded
 * admission gives, and takes the valid corpus and every example as they are.
 */
class RealApiAdmissionIT {
  static final Path ROOT = Path.of(System.getProperty("slipway.root", "..")).toAbsolutePath();
  static ControlPlane plane;
  static Kubectl kubectl;
  static String namespace;

  @BeforeAll
  static void installCrds() {
    Kubectl.assertInstalled();
    plane = ControlPlane.shared();
    kubectl = new Kubectl(plane.kubeconfig());
    Crds.install(plane, kubectl);
    namespace = plane.newNamespace("admission");
  }

  @Test
  void bothCrdsAreEstablishedWithTheirNamesAccepted() {
    for (String name : Crds.NAMES) {
      CustomResourceDefinition crd =
          plane.admin().apiextensions().v1().customResourceDefinitions().withName(name).get();
      assertThat(crd.getStatus().getConditions())
          .extracting(
              CustomResourceDefinitionCondition::getType,
              CustomResourceDefinitionCondition::getStatus)
          .contains(
              org.assertj.core.groups.Tuple.tuple("Established", "True"),
              org.assertj.core.groups.Tuple.tuple("NamesAccepted", "True"));
      assertThat(crd.getStatus().getConditions())
          .noneMatch(c -> c.getType().equals("NonStructuralSchema"));
    }
  }

  @Test
  void kubectlExplainPrintsTheFieldDescriptions() {
    String explained = kubectl.ok("explain", "servicerelease.spec.service").stdout();
    assertThat(explained).contains("DESCRIPTION:").contains("FIELDS:").contains("desiredCount");
    // Every field has a description: no field line is followed directly by the next field.
    assertThat(explained).doesNotContain("<empty>");
    String stage = kubectl.ok("explain", "stagingenvironment.spec.branch").stdout();
    assertThat(stage).contains("DESCRIPTION:");
  }

  static List<AdmissionCorpus> invalid() {
    return AdmissionCorpus.invalid();
  }

  static List<AdmissionCorpus> valid() {
    return AdmissionCorpus.valid().stream()
        // Unknown fields are a client-side (strict decoding) matter, tested with kubectl below.
        .filter(c -> c.pruned().isEmpty())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesEveryInvalidManifestAsTheEmbeddedAdmissionDoes(AdmissionCorpus c) {
    AdmissionCheck.assertRefused(plane.admin(), namespace, c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void acceptsEveryValidManifest(AdmissionCorpus c) {
    AdmissionCheck.assertAccepted(plane.admin(), namespace, c);
  }

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /**
   * A server-side dry run goes through defaulting, schema, CEL and admission like a real apply, and
   * stores nothing that an operator elsewhere in this JVM could pick up.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleAppliesCleanly(Path example) {
    Kubectl.Result applied = kubectl.run("apply", "--dry-run=server", "-f", example.toString());
    assertThat(applied.exitCode()).as("%s", applied).isZero();
    assertThat(applied.stderr()).as("no warnings").isBlank();
    assertThat(applied.stdout()).contains("(server dry run)");
  }

  @Test
  void unknownFieldsAreRefusedByKubectlAndPrunedWhenLenient() throws Exception {
    Path manifest =
        Path.of(getClass().getResource("/admission/valid/sr-unknown-fields.yaml").toURI());
    // The file names namespace default, as the examples do.
    Kubectl.Result strict = kubectl.run("apply", "-f", manifest.toString());
    assertThat(strict.exitCode()).as("%s", strict).isNotZero();
    assertThat(strict.stderr())
        .contains("strict decoding error")
        .contains("unknown field \"spec.colour\"");
    kubectl.ok("apply", "--validate=false", "-f", manifest.toString());
    String stored = kubectl.ok("get", "sr", "sr-unknown-fields", "-o", "jsonpath={.spec}").stdout();
    assertThat(stored).doesNotContain("colour").contains("\"desiredCount\":1");
    kubectl.ok("delete", "sr", "sr-unknown-fields");
  }
}
