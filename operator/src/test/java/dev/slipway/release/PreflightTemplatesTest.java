package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ContainerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placeholders expand from the spec alone; anything not understood is a problem, not text. */
class PreflightTemplatesTest {
  private static ContainerSpec container(String name, String image) {
    ContainerSpec c = new ContainerSpec();
    c.name = name;
    c.image = image;
    return c;
  }

  private static final List<ContainerSpec> CONTAINERS =
      List.of(
          container("app", "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:3f2a9c1"),
          container("worker", "registry.example.com:5000/team/worker:w-42"),
          container("proxy", "envoyproxy/envoy"),
          container("pinned", "registry/pinned@sha256:" + "0123456789abcdef".repeat(4)),
          container("both", "registry/both:v9@sha256:" + "0123456789abcdef".repeat(4)));

  private static PreflightTemplates.Expansion expand(String template) {
    return PreflightTemplates.expand(template, CONTAINERS);
  }

  @Test
  void imageTagIsTheFirstContainersTag() {
    assertThat(expand("assets/${imageTag}/manifest.json").value())
        .isEqualTo("assets/3f2a9c1/manifest.json");
  }

  @Test
  void imageTagOfANamedContainer() {
    assertThat(expand("${imageTag:worker}-${imageTag:app}").value()).isEqualTo("w-42-3f2a9c1");
    assertThat(expand("${imageTag:both}").value()).isEqualTo("v9");
  }

  @Test
  void anImageWithoutTagOrDigestIsLatest() {
    assertThat(expand("${imageTag:proxy}").value()).isEqualTo("latest");
  }

  @Test
  void textWithoutPlaceholdersAndLoneDollarsStayAsTheyAre() {
    assertThat(expand("price$5/{x}").value()).isEqualTo("price$5/{x}");
    assertThat(expand("").value()).isEmpty();
  }

  @Test
  void unknownPlaceholdersAreProblemsNamingWhatIsKnown() {
    var e = expand("a/${revision}/${label:sha}/${imageTag}");
    assertThat(e.ok()).isFalse();
    assertThat(e.value()).isNull();
    assertThat(e.problems())
        .containsExactly(
            "unknown placeholder ${revision}; known: ${imageTag} and ${imageTag:CONTAINER}",
            "unknown placeholder ${label:sha}; known: ${imageTag} and ${imageTag:CONTAINER}");
  }

  @Test
  void emptyPlaceholderIsUnknown() {
    assertThat(expand("${}").problems()).singleElement().asString().startsWith("unknown");
  }

  @Test
  void aContainerThatDoesNotExistIsAProblem() {
    assertThat(expand("${imageTag:nope}").problems())
        .containsExactly("${imageTag:nope} names no container of taskDefinition.containers");
  }

  @Test
  void anImagePinnedOnlyByDigestHasNoTag() {
    assertThat(expand("${imageTag:pinned}").problems())
        .containsExactly(
            "${imageTag:pinned}: the image of container pinned is pinned by digest and has no"
                + " tag");
  }

  @Test
  void anUnterminatedPlaceholderIsAProblemThatDoesNotEchoTheRest() {
    var e = expand("https://h/${imageTag?token=s3cr3t");
    assertThat(e.problems()).containsExactly("unterminated placeholder: a ${ without a closing }");
    assertThat(String.join(" ", e.problems())).doesNotContain("s3cr3t");
  }

  @Test
  void anInvalidImageIsAProblemRatherThanAMissingTag() {
    var e = PreflightTemplates.expand("${imageTag}", List.of(container("app", "Not An Image")));
    assertThat(e.problems())
        .containsExactly("${imageTag}: the image of container app is not valid");
  }
}
