package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.aurora.server.AuroraNode;
import io.aurora.server.TestNodes;
import io.aurora.sql.access.ScramCredentials;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium from Debian's {@code chromium} and {@code
 * chromium-driver}): sign in, run a query and see its table and chart, browse a table, cancel a
 * running query, see it among the recent queries. Screenshots go to {@code
 * target/console-screenshots}; any error in the browser's console fails the test. Skipped when
 * Chromium is not installed, unless {@code AURORA_REQUIRE_CLIENTS=1} (as in CI, which installs it).
 */
@Timeout(300)
class TestConsoleInBrowser {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  @TempDir Path directory;
  private AuroraNode node;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      if ("1".equals(System.getenv("AURORA_REQUIRE_CLIENTS"))) {
        fail("Chromium is not installed, and AURORA_REQUIRE_CLIENTS=1 requires it");
      }
      Assumptions.abort("Chromium is not installed (apt-get install chromium chromium-driver)");
    }
    Path users = directory.resolve("users");
    Files.writeString(
        users, "alice:" + ScramCredentials.hash("pencil".toCharArray()).format() + "\n");
    node =
        AuroraNode.start(TestNodes.config(directory, Map.of("auth.users-file", users.toString())));
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE events (ts TIMESTAMP, country VARCHAR, ms BIGINT)");
      statement.execute(
          "INSERT INTO events SELECT TIMESTAMP '2026-12-01 00:00:00' + x * INTERVAL '1' HOUR,"
              + " CASE WHEN x % 3 = 0 THEN 'DE' WHEN x % 3 = 1 THEN 'FR' ELSE 'JP' END, x * 10"
              + " FROM generate_series(1, 48) AS g(x)");
      statement.execute("CREATE TABLE big (v BIGINT)");
      statement.execute("INSERT INTO big SELECT x FROM generate_series(1, 2000) AS g(x)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=alice&password=pencil");
  }

  @Test
  void signInQueryChartBrowseAndCancel() throws Exception {
    browser.get("http://127.0.0.1:" + node.httpPort() + "/");
    assertThat(browser.getCurrentUrl()).endsWith("/console/");

    // A wrong password is refused on the page; the right one signs in.
    signIn("wrong");
    wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong user or password."));
    List<String> refused = browserErrors();
    assertThat(refused).allMatch(line -> line.contains("/sql") && line.contains("401"));
    signIn("pencil");
    wait.until(ExpectedConditions.textToBe(By.id("who"), "alice"));
    screenshot("1-signed-in");

    // A query over a time column: its rows as a table, and a line chart chosen by itself.
    run("SELECT ts, ms FROM events ORDER BY ts");
    wait.until(
        ExpectedConditions.textMatches(
            By.id("status"), java.util.regex.Pattern.compile("48 rows in \\d+ ms")));
    WebElement chart = browser.findElement(By.id("result-chart"));
    assertThat(chart.isDisplayed()).isTrue();
    assertThat(chart.getAttribute("data-kind")).isEqualTo("line");
    assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
    screenshot("2-line-chart");
    browser.findElement(By.id("view-table")).click();
    WebElement table = browser.findElement(By.id("result-table"));
    assertThat(table.isDisplayed()).isTrue();
    assertThat(headers(table)).containsExactly("ts", "ms");
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(48);
    assertThat(table.findElement(By.cssSelector("tbody tr td")).getText())
        .isEqualTo("2026-12-01 01:00:00");
    screenshot("3-table");

    // A query over a dimension: a bar chart.
    run("SELECT country, sum(ms) AS total FROM events GROUP BY country ORDER BY country");
    wait.until(
        ExpectedConditions.textMatches(
            By.id("status"), java.util.regex.Pattern.compile("3 rows in")));
    assertThat(browser.findElement(By.id("result-chart")).getAttribute("data-kind"))
        .isEqualTo("bar");
    screenshot("4-bar-chart");
    assertThat(browser.findElements(By.cssSelector("#history li")).get(0).getText())
        .startsWith("SELECT country, sum(ms)");

    // Browse a table: its columns, partitions and sample rows.
    tab("tables");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#table-list tbody tr")));
    for (WebElement row : browser.findElements(By.cssSelector("#table-list tbody tr"))) {
      if (row.getText().startsWith("events")) {
        row.click();
      }
    }
    wait.until(
        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#table-sample-rows tbody tr")));
    assertThat(browser.findElement(By.id("table-columns")).getText()).contains("country");
    assertThat(browser.findElements(By.cssSelector("#table-sample-rows tbody tr"))).hasSize(48);
    screenshot("5-browse-table");

    // Cancel a running query: the page stops waiting and the node stops the statement.
    tab("query");
    String crossJoin = "SELECT count(*) FROM big a, big b, big c WHERE a.v + b.v + c.v = -1";
    run(crossJoin);
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Running…"));
    waitUntilRunning(crossJoin, true);
    screenshot("6-running");
    browser.findElement(By.id("cancel")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Cancelled"));
    waitUntilRunning(crossJoin, false);

    // A statement another client runs over HTTP, cancelled from the Queries tab.
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> other =
        http.sendAsync(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/sql"))
                .header(
                    "Authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                "alice:pencil".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(crossJoin))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    waitUntilRunning(crossJoin, true);
    tab("queries");
    WebElement cancel =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//div[@id='running']//tr[contains(., 'big a, big b')]//button")));
    screenshot("7-running-elsewhere");
    cancel.click();
    java.net.http.HttpResponse<String> cancelledElsewhere =
        other.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(cancelledElsewhere.statusCode()).isEqualTo(400);
    assertThat(cancelledElsewhere.body()).contains("57014");

    // Running and recent queries, from system.queries and system.query_log.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    do {
      tab("queries");
      Thread.sleep(500);
      assertThat(System.nanoTime()).isLessThan(deadline);
    } while (!browser.findElement(By.id("recent")).getText().contains("GROUP BY country"));
    screenshot("8-queries");
    assertThat(browserErrors()).isEmpty();
  }

  private void signIn(String password) {
    WebElement user = browser.findElement(By.id("login-user"));
    user.clear();
    user.sendKeys("alice");
    WebElement secret = browser.findElement(By.id("login-password"));
    secret.clear();
    secret.sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
  }

  private void run(String sql) {
    WebElement editor = browser.findElement(By.id("sql"));
    editor.clear();
    editor.sendKeys(sql);
    browser.findElement(By.id("run")).click();
  }

  private void tab(String name) {
    browser.findElement(By.cssSelector("#tabs button[data-tab='" + name + "']")).click();
  }

  private static List<String> headers(WebElement table) {
    List<String> names = new ArrayList<>();
    for (WebElement header : table.findElements(By.cssSelector("thead th"))) {
      names.add(header.getText());
    }
    return names;
  }

  /** Waits until the statement is (or is no longer) among the node's running ones. */
  private void waitUntilRunning(String sql, boolean isRunning) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM system.queries WHERE protocol = 'http' AND query = '"
                    + sql
                    + "'")) {
          rows.next();
          if ((rows.getLong(1) > 0) == isRunning) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("query running: " + !isRunning).isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  /** The browser console's errors since the last call. */
  private List<String> browserErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  private void screenshot(String name) throws Exception {
    Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
