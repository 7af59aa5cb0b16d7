package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The image reference grammar: what ECS can pull is accepted, everything else is named. */
class ImageReferenceTest {
  private static final String HEX =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nginx",
        "nginx:1.27",
        "library/nginx:latest",
        "public.ecr.aws/nginx/nginx:1.27",
        "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark:3f2a9c1",
        "localhost:5000/app:dev",
        "localhost/app",
        "registry.example.com:8443/team/app:v1.2.3",
        "[::1]:5000/app:1",
        "[2001:db8::1]/team/app",
        "Registry.Example.COM/app:v1",
        "my_app/a__b/c-d--e.f:TAG_1",
        "app:_underscore-start",
        "app@sha256:" + HEX,
        "registry:5000/app:v1@sha256:" + HEX,
        "app@sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
      })
  void acceptsWhatEcsCanPull(String image) {
    assertThat(ImageReference.problem(image)).as(image).isEmpty();
    assertThat(ImageReference.parse(image)).as(image).isPresent();
    assertThat(image).matches(ImageReference.PATTERN);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("nginx:1.27 --privileged", "contains whitespace"),
        Arguments.of(" nginx", "contains whitespace"),
        Arguments.of("nginx:1.27\n", "contains whitespace"),
        Arguments.of("Nginx:1.27", "upper-case letters in repository \"Nginx\""),
        Arguments.of("registry.example.com/MyApp:1", "upper-case letters in repository \"MyApp\""),
        Arguments.of("nginx:", "has tag \"\""),
        Arguments.of("nginx:-bad", "has tag \"-bad\""),
        Arguments.of("nginx:" + "t".repeat(129), "a tag is 1 to 128"),
        Arguments.of("nginx:1.27;rm", "has tag \"1.27;rm\""),
        Arguments.of("app@sha256:abc", "ECS pulls only by sha256"),
        Arguments.of("app@sha256:" + HEX.substring(1), "ECS pulls only by sha256"),
        Arguments.of("app@md5:" + HEX, "ECS pulls only by sha256"),
        Arguments.of("app@sha256:" + HEX + "@sha256:" + HEX, "ECS pulls only by sha256"),
        Arguments.of("-app", "is not an image reference"),
        Arguments.of("app-", "is not an image reference"),
        Arguments.of("a..b", "is not an image reference"),
        Arguments.of("team//app", "is not an image reference"),
        Arguments.of("/app", "is not an image reference"),
        Arguments.of("app/", "is not an image reference"),
        Arguments.of(
            "https://registry.example.com/app", "has registry \"https:\", not a host[:port]"),
        Arguments.of("registry.example.com:port/app", "not a host[:port]"),
        Arguments.of("-registry.example.com/app", "not a host[:port]"),
        Arguments.of("", "required"),
        Arguments.of(null, "required"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesAndSaysWhy(String image, String why) {
    assertThat(ImageReference.problem(image))
        .as(image)
        .hasValueSatisfying(p -> assertThat(p).contains(why));
    assertThat(ImageReference.parse(image)).isEmpty();
  }

  @Test
  void atMost255CharactersBeforeTheDigest() {
    String name = "registry.example.com/" + "a".repeat(255 - "registry.example.com/".length());
    assertThat(name).hasSize(255);
    assertThat(ImageReference.problem(name)).isEmpty();
    assertThat(ImageReference.problem(name + "@sha256:" + HEX))
        .as("the digest is not counted")
        .isEmpty();
    assertThat(ImageReference.problem(name + "b")).hasValue(ImageReference.LENGTH_MESSAGE);
    assertThat(ImageReference.problem(name.substring(0, 250) + ":v1.2.3"))
        .as("the tag is counted")
        .hasValue(ImageReference.LENGTH_MESSAGE);
  }

  @Test
  void parsesIntoRegistryRepositoryTagAndDigest() {
    assertThat(ImageReference.parse("localhost:5000/team/app:v1@sha256:" + HEX))
        .hasValue(new ImageReference("localhost:5000", "team/app", "v1", "sha256:" + HEX));
    assertThat(ImageReference.parse("team/app"))
        .as("a first component without '.', ':' or upper case is part of the repository")
        .hasValue(new ImageReference(null, "team/app", null, null));
    assertThat(ImageReference.parse("MyRegistry/app:1"))
        .hasValue(new ImageReference("MyRegistry", "app", "1", null));
    assertThat(ImageReference.parse("[::1]:5000/app"))
        .hasValue(new ImageReference("[::1]:5000", "app", null, null));
  }

  @Test
  void retaggingKeepsTheRepositoryAndDropsThePinningDigest() {
    ImageReference ref = ImageReference.parse("registry:5000/app:v1@sha256:" + HEX).orElseThrow();
    assertThat(ref.withTag("qa-foo-1").toString()).isEqualTo("registry:5000/app:qa-foo-1");
    assertThat(ImageReference.parse("nginx").orElseThrow().toString()).isEqualTo("nginx");
  }

  /**
   * The API server evaluates the CRD pattern with RE2: it must compile there and agree with Java.
   */
  @Test
  void thePatternIsRe2AndAgreesWithJava() {
    com.google.re2j.Pattern re2 = com.google.re2j.Pattern.compile(ImageReference.PATTERN);
    Stream.concat(
            Stream.of("nginx", "localhost:5000/app:dev", "[::1]:5000/app:1", "app@sha256:" + HEX),
            refused().map(a -> (String) a.get()[0]).filter(s -> s != null))
        .forEach(
            image ->
                assertThat(re2.matcher(image).find())
                    .as(image)
                    .isEqualTo(image.matches(ImageReference.PATTERN)));
  }
}
