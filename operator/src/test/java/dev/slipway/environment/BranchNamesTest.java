package dev.slipway.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Branch names to per-target names: valid under each target's rules, unique, deterministic. */
class BranchNamesTest {
  static final List<String> TRICKY = TrickyBranches.NAMES;

  static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final Pattern ECS = Pattern.compile("^[A-Za-z0-9_-]{1,255}$");
  static final Pattern TARGET_GROUP =
      Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$");
  static final Pattern MYSQL = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");
  static final Pattern POSTGRES = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
  static final Pattern SLUG = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?-)?[0-9a-f]{8}$");
  static final Pattern REDIS = Pattern.compile("^[a-z0-9_]+$");
  static final String SCOPE = "default/bookmark-staging";

  @Test
  void everyDerivedNameIsValidForItsTarget() {
    for (String branch : TRICKY) {
      BranchNames n = BranchNames.of(branch);
      assertThat(n.slug()).as(branch).matches(SLUG).hasSizeLessThanOrEqualTo(49);
      assertThat(n.kubernetesName("web"))
          .as(branch)
          .matches(DNS_LABEL)
          .hasSizeLessThanOrEqualTo(63);
      assertThat(n.ecsServiceName(SCOPE, "web_api")).as(branch).matches(ECS);
      assertThat(n.targetGroupName(SCOPE, "web_api")).as(branch).matches(TARGET_GROUP);
      assertThat(n.mysqlDatabase("qa_{branch}")).as(branch).matches(MYSQL);
      assertThat(n.postgresSchema("qa_{branch}")).as(branch).matches(POSTGRES);
      assertThat(n.redisNamespace("{branch}")).as(branch).matches(REDIS);
      assertThat(n.branch()).isEqualTo(branch);
    }
  }

  @Test
  void namesAreDistinctAcrossTheTableForEveryTarget() {
    assertDistinct(BranchNames::slug);
    assertDistinct(n -> n.kubernetesName("web"));
    assertDistinct(n -> n.ecsServiceName(SCOPE, "web"));
    assertDistinct(n -> n.targetGroupName(SCOPE, "bookmark-api-internal"));
    assertDistinct(n -> n.mysqlDatabase("staging_bookmark_{branch}_db"));
    assertDistinct(n -> n.postgresSchema("qa_{branch}"));
    assertDistinct(n -> n.redisNamespace(null));
  }

  private static void assertDistinct(Function<BranchNames, String> name) {
    Set<String> seen = new HashSet<>();
    for (String branch : TRICKY) {
      assertThat(seen.add(name.apply(BranchNames.of(branch))))
          .as("duplicate name for %s: %s", branch, name.apply(BranchNames.of(branch)))
          .isTrue();
    }
  }

  @Test
  void namesAreDeterministicAndReadable() {
    BranchNames a = BranchNames.of("qa/foo");
    BranchNames b = BranchNames.of("qa/foo");
    assertThat(a.slug()).isEqualTo(b.slug()).startsWith("qa-foo-");
    assertThat(a.mysqlDatabase("qa_{branch}")).isEqualTo(b.mysqlDatabase("qa_{branch}"));
    assertThat(a.postgresSchema("qa_{branch}")).startsWith("qa_qa_foo_").hasSize(18);
    assertThat(a.kubernetesName("web")).isEqualTo("web-qa-foo-" + a.hash());
    assertThat(a.redisNamespace("{branch}")).isEqualTo("qa_foo_" + a.hash());
    assertThat(a.redisKeyPrefix("app:{branch}")).isEqualTo("app:qa_foo_" + a.hash() + ":");
    assertThat(BranchNames.of("qa/café").slug()).startsWith("qa-cafe-");
  }

  @Test
  void truncationKeepsTheHashAndTheServiceWhole() {
    BranchNames n = BranchNames.of("qa/" + "x".repeat(300));
    assertThat(n.targetGroupName(SCOPE, "web")).hasSize(32).startsWith("web-qa-x");
    assertThat(n.mysqlDatabase("qa_{branch}")).hasSize(64).endsWith("_" + n.hash());
    assertThat(n.postgresSchema("qa_{branch}")).hasSize(63).endsWith("_" + n.hash());
    assertThat(n.kubernetesName("web")).hasSize(63);
  }

  @Test
  void servicesOfOneBranchNeverShareATargetGroupEvenWhenCutOrRewritten() {
    BranchNames n = BranchNames.of("qa/foo");
    List<String> services =
        List.of(
            "web",
            "web-qa",
            "a_b",
            "a-b",
            "a--b",
            "bookmark-api-internal-worker-one",
            "bookmark-api-internal-worker-two",
            "x".repeat(30));
    Set<String> names = new HashSet<>();
    for (String service : services) {
      assertThat(n.targetGroupName(SCOPE, service)).as(service).matches(TARGET_GROUP);
      assertThat(names.add(n.targetGroupName(SCOPE, service))).as(service).isTrue();
    }
    assertThat(n.targetGroupName(SCOPE, "web")).startsWith("web-qa-foo-").hasSize(19);
  }

  @Test
  void oneBranchOfTwoSharedEnvironmentsGetsTwoTargetGroupsAndTwoEcsServices() {
    BranchNames n = BranchNames.of("qa/foo");
    assertThat(n.targetGroupName("default/shop", "web"))
        .isNotEqualTo(n.targetGroupName("default/blog", "web"))
        .isNotEqualTo(n.targetGroupName("other/shop", "web"));
    assertThat(n.ecsServiceName("default/shop", "web"))
        .isNotEqualTo(n.ecsServiceName("default/blog", "web"));
  }

  @Test
  void longKubernetesPrefixesAreCutAndStayDistinct() {
    BranchNames n = BranchNames.of("qa/foo");
    String one = n.kubernetesName("a".repeat(60) + "1");
    String two = n.kubernetesName("a".repeat(60) + "2");
    assertThat(one).matches(DNS_LABEL).hasSize(63).isNotEqualTo(two);
    assertThat(two).matches(DNS_LABEL).hasSize(63);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Qa_{branch}",
        "1qa_{branch}",
        "qa-{branch}",
        "qa_`{branch}",
        "{branch}",
        "qa_{branch}_{branch}",
        "qa;drop_{branch}",
        "qa_{BRANCH}"
      })
  void sqlPatternsThatAreNotPlainIdentifiersAreRejected(String pattern) {
    BranchNames n = BranchNames.of("qa/foo");
    assertThatThrownBy(() -> n.mysqlDatabase(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must match");
    assertThatThrownBy(() -> n.postgresSchema(pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sqlPatternsWithoutBranchOrTooLongAreRejected() {
    BranchNames n = BranchNames.of("qa/foo");
    assertThatThrownBy(() -> n.mysqlDatabase("qa_shared"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must contain {branch}");
    assertThatThrownBy(() -> n.postgresSchema("q" + "a".repeat(60) + "{branch}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("characters for the branch");
  }

  @Test
  void aPatternMustLeaveRoomForAReadablePartAndTheHash() {
    String fits = "a".repeat(64 - BranchNames.MIN_SQL_ROOM) + "{branch}";
    String tooLong = "a".repeat(64 - BranchNames.MIN_SQL_ROOM + 1) + "{branch}";
    assertThat(BranchNames.sqlPatternProblem(fits, 64, "MySQL database")).isEmpty();
    assertThat(BranchNames.of("qa/a-rather-long-branch-name").mysqlDatabase(fits))
        .hasSize(64)
        .contains("qa_a_rat");
    assertThat(BranchNames.sqlPatternProblem(tooLong, 64, "MySQL database"))
        .get()
        .asString()
        .contains("leaves 16 of the 64 characters")
        .contains("at most 47");
  }

  @Test
  void patternsThatCouldProduceReservedNamesAreRefused() {
    for (String pattern : List.of("pg_{branch}", "pg_x_{branch}", "p{branch}", "pg{branch}")) {
      assertThat(BranchNames.sqlPatternProblem(pattern, 63, "PostgreSQL schema"))
          .as(pattern)
          .get()
          .asString()
          .contains("pg_");
    }
    assertThat(BranchNames.sqlPatternProblem("pgx_{branch}", 63, "PostgreSQL schema")).isEmpty();
    assertThat(BranchNames.sqlPatternProblem("mysql_{branch}", 64, "MySQL database")).isEmpty();
  }

  @Test
  void badPrefixesAndBranchesAreRejected() {
    BranchNames n = BranchNames.of("qa/foo");
    assertThatThrownBy(() -> n.kubernetesName("Web")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> n.ecsServiceName(SCOPE, "web api"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> n.redisNamespace("a*{branch}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BranchNames.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
