package dev.slipway.dashboard;

import static dev.slipway.environment.Environments.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.BranchPolicy.Database.Engine;
import dev.slipway.api.v1alpha1.StagingEnvironment;
import dev.slipway.api.v1alpha1.StagingEnvironmentStatus.Phase;
import dev.slipway.environment.Environments;
import dev.slipway.release.ReleaseSettings;
import dev.slipway.sandbox.Sandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against the in-process sandbox (real MariaDB and Redis): a
 * Ready branch environment is listed with a working link, changes appear without a reload, user
 * text stays text, and an unreachable operator shows a banner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Unique per run: the local MariaDB and Redis are shared with other tests. */
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);

  static final String SHARED = "dash";
  static final String FIRST = "dash-qa-one";
  static final String SECOND = "dash-qa-two";
  static final String FIRST_BRANCH = "qa/one-" + RUN;
  static final String TRICKY_BRANCH = "qa/<img src=x onerror=window.__xss=1> \"two\" " + RUN;

  static Sandbox sandbox;
  static DashboardServer server;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    ReleaseSettings settings =
        new ReleaseSettings(
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);
    sandbox = Sandbox.start(0, 60, settings, new SimpleMeterRegistry());
    String lb = sandbox.aws().createLoadBalancer(Sandbox.ACCOUNT, Sandbox.REGION, "qa");
    sandbox.client().resource(Environments.adminSecret(Engine.mysql)).createOr(c -> c.update());
    server =
        DashboardServer.start(
            "127.0.0.1",
            0,
            new DashboardSource(sandbox.client(), Set.of(), null, sandbox.aws().clock()));
    base = "http://127.0.0.1:" + server.port() + "/";
    apply(Environments.sharedPort(SHARED, Engine.mysql, lb, 10000, 10009));
  }

  @AfterAll
  static void stop() {
    if (sandbox == null) return;
    try {
      // Teardown drops the branches' schemas and Redis keys in the shared local servers.
      for (String name : List.of(FIRST, SECOND)) {
        StagingEnvironment env = Environments.get(sandbox, name);
        if (env != null) sandbox.client().resource(env).delete();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Environments.get(sandbox, FIRST) == null
                      && Environments.get(sandbox, SECOND) == null);
    } finally {
      if (server != null) server.close();
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void theServerAnswersOnlyGetAndSendsSecurityHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(get(""), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.body()).contains("<script src=\"dashboard.js\"").doesNotContain("http");

    HttpResponse<String> api =
        http.send(get("api/environments"), HttpResponse.BodyHandlers.ofString());
    assertThat(api.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(api.body()).contains("\"name\":\"" + SHARED + "\"").doesNotContain("password");

    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "api/environments"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    assertThat(http.send(get("nope"), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(2)
  void thePageListsEnvironmentsWithTheirLinkAndFollowsChangesWithoutReloading(@TempDir Path profile)
      throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no /usr/bin/chromium or /usr/bin/chromedriver: install them (scripts/ensure-deps.sh)");
    apply(Environments.branch(FIRST, SHARED, FIRST_BRANCH, "v1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Environments.phase(sandbox, FIRST) == Phase.Ready);
    String url = Environments.get(sandbox, FIRST).getStatus().url;
    assertThat(url).startsWith("http://");

    WebDriver driver = chromium(profile);
    try {
      // Rows are replaced when their data changes (relative times move fast at x60).
      WebDriverWait wait = new WebDriverWait(driver, WAIT);
      wait.ignoring(StaleElementReferenceException.class);
      driver.get(base);
      wait.until(d -> rowOf(d, FIRST));
      assertThat(read(wait, FIRST, 1)).isEqualTo(FIRST_BRANCH);
      List<String> link =
          wait.until(
              d -> {
                WebElement a = cells(rowOf(d, FIRST)).get(2).findElement(By.tagName("a"));
                return List.of(a.getDomAttribute("href"), a.getText(), a.getDomAttribute("target"));
              });
      assertThat(link).containsExactly(url, url, "_blank");
      wait.until(d -> cells(rowOf(d, FIRST)).get(3).getText().startsWith("Ready"));
      assertThat(read(wait, FIRST, 4)).isEqualTo("v1");
      assertThat(read(wait, FIRST, 6)).matches("in (1 day|\\d+ hours)");
      screenshot(driver, "dashboard.png");

      // A marker a reload would lose.
      js(driver).executeScript("window.__sameDocument = 'yes';");
      sandbox
          .client()
          .resources(StagingEnvironment.class)
          .inNamespace(NAMESPACE)
          .withName(FIRST)
          .edit(
              env -> {
                env.getSpec().imageTag = "v2";
                return env;
              });
      apply(Environments.branch(SECOND, SHARED, TRICKY_BRANCH, "v1"));

      wait.until(d -> cells(rowOf(d, FIRST)).get(4).getText().equals("v2"));
      wait.until(d -> rowOf(d, SECOND));
      assertThat(read(wait, SECOND, 1)).isEqualTo(TRICKY_BRANCH);
      assertThat(driver.findElements(By.cssSelector("#environments img"))).isEmpty();
      assertThat(js(driver).executeScript("return window.__xss")).isNull();
      assertThat(js(driver).executeScript("return window.__sameDocument")).isEqualTo("yes");
      assertThat(driver.findElement(By.id("updated")).getText()).matches("Updated \\d+s ago");

      WebElement filter = driver.findElement(By.id("filter"));
      filter.sendKeys(FIRST_BRANCH);
      wait.until(d -> !rowOf(d, SECOND).isDisplayed() && rowOf(d, FIRST).isDisplayed());

      server.close();
      WebElement banner = driver.findElement(By.id("error"));
      wait.until(d -> banner.isDisplayed());
      assertThat(banner.getText()).startsWith("Cannot reach the Slipway operator");
      assertThat(read(wait, FIRST, 4)).isEqualTo("v2");
    } finally {
      driver.quit();
    }
  }

  private static WebDriver chromium(Path profile) {
    // Explicit binaries: Selenium Manager would otherwise try to download a driver.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  /** The text of one cell, read again if the row was replaced meanwhile. */
  private static String read(WebDriverWait wait, String name, int column) {
    return wait.until(d -> cells(rowOf(d, name)).get(column).getText());
  }

  /** The environments table's row of {@code name}; waits retry while it is absent. */
  private static WebElement rowOf(WebDriver driver, String name) {
    String key = NAMESPACE + "/" + name;
    return driver.findElements(By.cssSelector("#environments tbody tr")).stream()
        .filter(tr -> key.equals(tr.getDomAttribute("data-key")))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no row for " + key));
  }

  private static List<WebElement> cells(WebElement row) {
    return row.findElements(By.tagName("td"));
  }

  private static JavascriptExecutor js(WebDriver driver) {
    return (JavascriptExecutor) driver;
  }

  private static void screenshot(WebDriver driver, String name) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", name), png);
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET().build();
  }

  private static void apply(StagingEnvironment env) {
    sandbox.client().resource(env).createOr(c -> c.update());
  }
}
