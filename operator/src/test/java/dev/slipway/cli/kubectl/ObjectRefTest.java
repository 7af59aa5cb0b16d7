package dev.slipway.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The names kubectl users give an object: bare, KIND/NAME with any of kubectl's kind names. */
class ObjectRefTest {
  static final ObjectKind SR = ObjectKind.SERVICE_RELEASE;
  static final ObjectKind STAGE = ObjectKind.STAGING_ENVIRONMENT;
  static final ObjectKind ST = ObjectKind.SCHEDULED_TASK;

  @Test
  void aBareNameIsAServiceReleaseUnlessKindSaysOtherwise() {
    assertThat(ObjectRef.parse("web", null)).isEqualTo(new ObjectRef(SR, "web"));
    assertThat(ObjectRef.parse("qa-foo", "stage")).isEqualTo(new ObjectRef(STAGE, "qa-foo"));
    assertThat(ObjectRef.parse("qa-foo", "StagingEnvironment"))
        .isEqualTo(new ObjectRef(STAGE, "qa-foo"));
  }

  @Test
  void everyNameKubectlAcceptsForAKindWorksAsAPrefix() {
    for (String kind :
        new String[] {
          "sr",
          "servicerelease",
          "servicereleases",
          "ServiceRelease",
          "sr.slipway.dev",
          "servicereleases.slipway.dev"
        }) {
      assertThat(ObjectRef.parse(kind + "/web", null)).as(kind).isEqualTo(new ObjectRef(SR, "web"));
    }
    for (String kind :
        new String[] {"stage", "stagingenvironment", "stagingenvironments.slipway.dev"}) {
      assertThat(ObjectRef.parse(kind + "/qa", null))
          .as(kind)
          .isEqualTo(new ObjectRef(STAGE, "qa"));
    }
    assertThat(ObjectRef.parse("stage/qa", "stage")).isEqualTo(new ObjectRef(STAGE, "qa"));
    for (String kind : new String[] {"st", "scheduledtask", "ScheduledTasks", "st.slipway.dev"}) {
      assertThat(ObjectRef.parse(kind + "/nightly", null))
          .as(kind)
          .isEqualTo(new ObjectRef(ST, "nightly"));
    }
  }

  @Test
  void aBareNameIsOfTheVerbsKind() {
    assertThat(ObjectRef.parse("nightly", null, ST)).isEqualTo(new ObjectRef(ST, "nightly"));
    assertThat(ObjectRef.parse("sr/web", null, ST)).isEqualTo(new ObjectRef(SR, "web"));
    assertThat(ObjectRef.parse("web", "sr", ST)).isEqualTo(new ObjectRef(SR, "web"));
  }

  @Test
  void malformedOrContradictoryArgumentsAreExplained() {
    assertThatThrownBy(() -> ObjectRef.parse("deployment/web", null))
        .hasMessageContaining("unknown kind \"deployment\"")
        .hasMessageEndingWith(
            "use sr (ServiceRelease), stage (StagingEnvironment) or st (ScheduledTask)");
    assertThatThrownBy(() -> ObjectRef.parse("sr/", null))
        .hasMessageContaining("NAME or KIND/NAME");
    assertThatThrownBy(() -> ObjectRef.parse("/web", null))
        .hasMessageContaining("NAME or KIND/NAME");
    assertThatThrownBy(() -> ObjectRef.parse("sr/a/b", null))
        .hasMessageContaining("got \"sr/a/b\"");
    assertThatThrownBy(() -> ObjectRef.parse("stage/qa", "sr"))
        .hasMessage("\"stage/qa\" names a StagingEnvironment but --kind says ServiceRelease");
    assertThatThrownBy(() -> ObjectRef.parse("web", "pods")).hasMessageContaining("unknown kind");
  }

  @Test
  void messagesNameTheKindAndNamespace() {
    assertThat(new ObjectRef(SR, "web").notFoundIn("shop"))
        .isEqualTo("ServiceRelease \"web\" not found in namespace \"shop\"");
    assertThat(new ObjectRef(STAGE, "qa")).hasToString("StagingEnvironment \"qa\"");
    assertThat(ST.qualifiedName()).isEqualTo("scheduledtask.slipway.dev");
    assertThat(SR.qualifiedName()).isEqualTo("servicerelease.slipway.dev");
  }
}
