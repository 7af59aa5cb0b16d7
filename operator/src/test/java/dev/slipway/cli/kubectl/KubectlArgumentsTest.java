package dev.slipway.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.Slipway;
import dev.slipway.cli.KubectlCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code slipway kubectl}'s command line as kubectl hands it over: flags before or after the verb,
 * usage errors (exit 2) found before any cluster is asked, and the exit codes of a cluster that
 * cannot be reached (3) or has no such object (1).
 */
class KubectlArgumentsTest {
  @TempDir Path tmp;

  @Test
  void clusterFlagsWorkBeforeAndAfterTheVerb() {
    ParseResult after =
        parse("kubectl", "promote", "web", "-n", "shop", "--context", "prod", "--token", "t1");
    KubectlCommand group = (KubectlCommand) after.subcommand().commandSpec().userObject();
    PromoteCommand promote =
        (PromoteCommand) after.subcommand().subcommand().commandSpec().userObject();
    assertThat(group.clusterOptions()).isEqualTo(new Cluster.Options(null, "prod", "shop"));
    assertThat(promote.name).isEqualTo("web");
    assertThat(promote.token).isEqualTo("t1");
    assertThat(promote.force).isFalse();

    ParseResult before =
        parse("kubectl", "--namespace=shop", "--kubeconfig", "/k", "abort", "--force", "sr/web");
    KubectlCommand group2 = (KubectlCommand) before.subcommand().commandSpec().userObject();
    AbortCommand abort = (AbortCommand) before.subcommand().subcommand().commandSpec().userObject();
    assertThat(group2.clusterOptions()).isEqualTo(new Cluster.Options(Path.of("/k"), null, "shop"));
    assertThat(abort.force).isTrue();
    assertThat(abort.target()).isEqualTo(new ObjectRef(ObjectKind.SERVICE_RELEASE, "web"));
  }

  @Test
  void statusTakesAKindAnOutputAndAnEventCount() {
    ParseResult parsed =
        parse("kubectl", "status", "qa-foo", "--kind", "stage", "-o", "yaml", "--events", "3");
    StatusCommand status =
        (StatusCommand) parsed.subcommand().subcommand().commandSpec().userObject();
    assertThat(status.target()).isEqualTo(new ObjectRef(ObjectKind.STAGING_ENVIRONMENT, "qa-foo"));
    assertThat(status.output).isEqualTo("yaml");
    assertThat(status.events).isEqualTo(3);
    StatusCommand defaults =
        (StatusCommand)
            parse("kubectl", "status", "web").subcommand().subcommand().commandSpec().userObject();
    assertThat(defaults.events).isEqualTo(10);
    assertThat(defaults.output).isNull();
  }

  @Test
  void usageErrorsExitTwoBeforeAnyClusterIsAsked() {
    // No kubeconfig at all: each of these must fail on its arguments, not on the connection.
    Path none = tmp.resolve("absent");
    assertThat(run("kubectl").exit()).isEqualTo(2);
    assertThat(run("kubectl", "frobnicate", "web").exit()).isEqualTo(2);
    assertThat(run("kubectl", "promote").exit()).isEqualTo(2);
    Run stage = run("kubectl", "promote", "stage/qa-foo", "--kubeconfig", none.toString());
    assertThat(stage.exit()).isEqualTo(2);
    assertThat(stage.err()).contains("promote acts on ServiceReleases only");
    Run wide = run("kubectl", "status", "web", "-o", "wide", "--kubeconfig", none.toString());
    assertThat(wide.exit()).isEqualTo(2);
    assertThat(wide.err()).contains("-o must be json or yaml");
    Run clash = run("kubectl", "status", "sr/web", "--kind", "stage");
    assertThat(clash.exit()).isEqualTo(2);
    assertThat(clash.err()).contains("names a ServiceRelease but --kind says StagingEnvironment");
    assertThat(run("kubectl", "retry", "web", "--token", " ").err())
        .contains("--token must not be empty");
  }

  @Test
  void asAPluginHelpNamesTheCommandAsTyped() {
    CommandLine cli = new CommandLine(new Slipway());
    KubectlCommand.nameAsPlugin(cli);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("kubectl", "status", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: kubectl slipway status ");
  }

  @Test
  void anUnreachableClusterExitsThreeAndSaysWhere() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Path kubeconfig = kubeconfig("http://127.0.0.1:" + port);

    Run run = run("kubectl", "status", "web", "--kubeconfig", kubeconfig.toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(3);
    assertThat(run.err())
        .startsWith("error: cannot reach the Kubernetes API at http://127.0.0.1:" + port);
    Run missing = run("kubectl", "retry", "web", "--kubeconfig", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).contains("cannot read kubeconfig");
    Run context =
        run("kubectl", "abort", "web", "--kubeconfig", kubeconfig.toString(), "--context", "prod");
    assertThat(context.exit()).isEqualTo(3);
    assertThat(context.err()).contains("context \"prod\" not found in the kubeconfig");
  }

  @Test
  void aMissingObjectExitsOneWithKubectlsWording() throws IOException {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
    try {
      Path kubeconfig = kubeconfig("http://127.0.0.1:" + api.getAddress().getPort());

      Run release =
          run("kubectl", "promote", "web", "-n", "shop", "--kubeconfig", kubeconfig.toString());
      Run stage = run("kubectl", "status", "stage/qa-foo", "--kubeconfig", kubeconfig.toString());

      assertThat(release.exit()).isEqualTo(1);
      assertThat(release.err())
          .isEqualTo("error: ServiceRelease \"web\" not found in namespace \"shop\"\n");
      assertThat(stage.exit()).isEqualTo(1);
      assertThat(stage.err())
          .contains("StagingEnvironment \"qa-foo\" not found in namespace \"team\"");
    } finally {
      api.stop(0);
    }
  }

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = new CommandLine(new Slipway());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static ParseResult parse(String... args) {
    return new CommandLine(new Slipway()).parseArgs(args);
  }

  private Path kubeconfig(String server) throws IOException {
    return kubeconfig(tmp, server);
  }

  /**
   * A kubeconfig in {@code dir} whose current context (namespace team) points at {@code server}.
   */
  static Path kubeconfig(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: test
            cluster: {server: "%s"}
        users:
          - name: test
            user: {token: secret}
        contexts:
          - name: test
            context: {cluster: test, user: test, namespace: team}
        current-context: test
        """
            .formatted(server));
    return file;
  }
}
