package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URLs shown in status and events keep their host and path, never a query or user info. */
class UrlRedactionTest {
  @Test
  void queryStringIsReplaced() {
    assertThat(UrlRedaction.redact("https://h.example/p/a?token=s3cr3t&x=1"))
        .isEqualTo("https://h.example/p/a?<redacted>");
  }

  @Test
  void userInfoAndFragmentAreDropped() {
    assertThat(UrlRedaction.redact("https://bob:pa55word@h.example:8443/p#access_token=abc"))
        .isEqualTo("https://h.example:8443/p");
    assertThat(UrlRedaction.redact("http://bob:pw@h/p?q=1#f")).isEqualTo("http://h/p?<redacted>");
  }

  @Test
  void aUrlWithoutSecretsIsUnchanged() {
    assertThat(UrlRedaction.redact("https://h.example/health"))
        .isEqualTo("https://h.example/health");
    assertThat(UrlRedaction.redact("https://h.example/a@b")).isEqualTo("https://h.example/a@b");
  }

  @Test
  void textEchoingTheUrlOrItsSecretsIsScrubbed() {
    String url = "https://bob:pa55word@h.example/p?token=s3cr3t%2Bkey&page=2";
    String page =
        "GET https://bob:pa55word@h.example/p?token=s3cr3t%2Bkey&page=2 refused: bad token"
            + " s3cr3t+key for bob:pa55word";
    String scrubbed = UrlRedaction.scrub(page, url);
    assertThat(scrubbed)
        .doesNotContain("s3cr3t")
        .doesNotContain("pa55word")
        .contains("https://h.example/p?<redacted>")
        .contains("bad token <redacted>");
  }

  @Test
  void shortQueryValuesAreLeftInTextTheyWouldGarble() {
    assertThat(UrlRedaction.scrub("page 2 of 3", "https://h/p?page=2")).isEqualTo("page 2 of 3");
  }
}
