package dev.slipway.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What leaves a delivery never carries a webhook URL's path, user info or a Secret's value. */
class RedactionTest {
  @Test
  void urlsAreCutToSchemeAndHost() {
    assertThat(
            Redaction.redact(
                "HTTP 404 from https://hooks.slack.com/services/T000/B000/XXXXSECRET: no_service",
                List.of()))
        .isEqualTo("HTTP 404 from https://hooks.slack.com/…: no_service");
    assertThat(Redaction.redact("see http://127.0.0.1:8080/hook?token=abc#x now", List.of()))
        .isEqualTo("see http://127.0.0.1:8080/… now");
  }

  @Test
  void userInfoIsDropped() {
    assertThat(
            Redaction.redact(
                "cannot connect to https://bob:hunter2@hooks.example.com/x", List.of()))
        .isEqualTo("cannot connect to https://hooks.example.com/…")
        .doesNotContain("hunter2");
  }

  @Test
  void aUrlWithoutPathStaysReadable() {
    assertThat(Redaction.redact("no answer from https://api.mackerelio.com within 5 s", List.of()))
        .isEqualTo("no answer from https://api.mackerelio.com within 5 s");
  }

  @Test
  void secretValuesAreHiddenWhereverTheyAppear() {
    String apiKey = "mkr-0123456789abcdef";
    assertThat(
            Redaction.redact(
                "HTTP 403: {\"error\":\"API key " + apiKey + " has no write permission\"}",
                List.of(apiKey)))
        .isEqualTo("HTTP 403: {\"error\":\"API key *** has no write permission\"}");
    // A URL's path on its own (servers echo it) is hidden when it is given as a secret.
    assertThat(
            Redaction.redact(
                "no route for /services/T0/B0/tok3n", List.of("/services/T0/B0/tok3n")))
        .isEqualTo("no route for ***");
  }

  @Test
  void veryShortValuesAreNotSearchedForAndNullStaysNull() {
    assertThat(Redaction.redact("a bad request", List.of("a", "bad"))).isEqualTo("a bad request");
    assertThat(Redaction.redact(null, List.of("secret"))).isNull();
  }
}
