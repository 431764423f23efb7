package dev.upcase.server.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static dev.upcase.server.admin.AdminClient.peer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page as an operator uses it: headless Chromium logs in with the operator's credentials, watches live TCP
 * clients, sorts and filters the connection table, closes a connection through the confirmation dialog (the client
 * sees EOF), and shows a banner when the server stops. Every number checked is compared with the admin API's answer.
 * Screenshots go to {@code target/status-page.png} and {@code target/status-page-phone.png}.
 */
class StatusPageIT {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final List<TcpTestClient> clients = new ArrayList<>();

	private UpcaseServer server;

	private ChromeDriver browser;

	@AfterEach
	void stop() {
		this.clients.forEach(TcpTestClient::close);
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void showsWhatTheAdminApiSaysSortsFiltersClosesAndNoticesTheServerStopping(@TempDir Path profile)
			throws IOException {
		this.browser = HeadlessChromium.start(profile, 1280, 1100);
		this.server = UpcaseServer.start("--upcase.tcp.framing=line", "--spring.security.user.password=s3cret");
		AdminClient admin = new AdminClient(this.server);
		// three clients, 1, 3 and 5 requests: age order and message order are opposite
		for (int requests : List.of(1, 3, 5)) {
			TcpTestClient client = this.server.connect();
			this.clients.add(client);
			for (int i = 0; i < requests; i++) {
				assertThat(client.exchangeLine("status " + i)).isEqualTo("STATUS " + i);
			}
		}

		// the first navigation carries the credentials; the page's own requests then reuse the browser's login
		this.browser.get("http://" + AdminClient.CREDENTIALS + "@127.0.0.1:" + this.server.httpPort() + "/");
		until("the table lists the three clients", () -> rowIds().size() == 3);

		// the numbers shown are the admin API's
		Map<String, Object> listener = JsonPath.read(admin.ok("/actuator/listeners"), "$.listeners[0]");
		WebElement row = this.browser.findElement(By.cssSelector("#listeners tbody tr[data-name='tcp']"));
		assertThat(row.findElement(By.cssSelector(".state")).getText()).isEqualTo(listener.get("state"));
		assertThat(row.findElement(By.cssSelector(".active")).getText()).isEqualTo("3")
			.isEqualTo(String.valueOf(listener.get("activeConnections")));
		assertThat(row.getText()).contains((String) listener.get("boundAddress"), (String) listener.get("framing"));
		assertThat(rowIds()).isEqualTo(admin.ids("/actuator/connections?sort=age&order=desc"));
		assertThat(text("#conn-summary")).isEqualTo("(3 open)");
		for (List<String> shown : column(".peer", ".messages")) {
			Map<String, Object> entry = JsonPath.read(admin.ok("/actuator/connections/" + shown.get(0)), "$");
			assertThat(shown.get(1)).isEqualTo(entry.get("peer"));
			assertThat(shown.get(2)).isEqualTo(String.valueOf(entry.get("messagesIn")));
		}
		until("the page counted the messages since start", () -> text("#total-messages").equals("9"));

		// sort by messages: largest first, then smallest first (server-side, the admin API's sort)
		this.browser.findElement(By.cssSelector("#connections th[data-sort='messages'] button")).click();
		List<String> byMessages = admin.ids("/actuator/connections?sort=messages&order=desc");
		until("sorted by messages, descending", () -> rowIds().equals(byMessages));
		assertThat(this.browser.findElement(By.cssSelector("#connections th[data-sort='messages']"))
			.getDomAttribute("aria-sort"))
			.isEqualTo("descending");
		assertThat(messagesShown()).containsExactly("5", "3", "1");
		this.browser.findElement(By.cssSelector("#connections th[data-sort='messages'] button")).click();
		until("sorted by messages, ascending", () -> messagesShown().equals(List.of("1", "3", "5")));
		assertThat(rowIds()).isEqualTo(admin.ids("/actuator/connections?sort=messages&order=asc"));

		// filter by one client's peer address:port
		TcpTestClient target = this.clients.get(1);
		this.browser.findElement(By.id("peer")).sendKeys(peer(target));
		this.browser.findElement(By.cssSelector("#filter button[type='submit']")).click();
		String targetId = admin.idOf(target);
		until("filtered to one peer", () -> rowIds().equals(List.of(targetId)));
		assertThat(text("#conn-summary")).isEqualTo("(1 from " + peer(target) + ")");

		// close it: confirm in the dialog, the client sees EOF, the others do not, the close is listed with its reason
		WebElement dialog = this.browser.findElement(By.id("confirm"));
		until("its Close button is clicked", () -> {
			this.browser.findElement(By.cssSelector("#connections tr[data-id='" + targetId + "'] button")).click();
			return true;
		});
		until("the confirmation dialog opens", dialog::isDisplayed);
		assertThat(text("#confirm-text")).contains(targetId, peer(target));
		this.browser.findElement(By.id("confirm-ok")).click();
		assertThat(target.closedByServer()).as("the closed client sees its connection end").isTrue();
		until("the page says what it did", () -> text("#announce").equals("Closed connection " + targetId));
		until("the table no longer lists it", () -> rowIds().isEmpty());
		assertThat(admin.total("/actuator/connections")).isEqualTo(2);
		this.browser.findElement(By.id("peer")).clear();
		this.browser.findElement(By.cssSelector("#filter button[type='submit']")).click();
		until("the other two are listed", () -> rowIds().size() == 2);
		until("the close is in the recent closes", () -> this.browser
			.findElements(By.cssSelector("#closed tbody td.reason"))
			.stream()
			.anyMatch(reason -> reason.getText().equals("admin")));
		assertThat(this.browser.findElement(By.cssSelector("#closed tbody")).getText()).contains(peer(target), "by operator");
		until("the listener shows two", () -> this.browser
			.findElement(By.cssSelector("#listeners tr[data-name='tcp'] .active"))
			.getText()
			.equals("2"));

		// pause the listener and resume it, each confirmed in the dialog
		for (String[] step : new String[][] { { "pause", "paused" }, { "resume", "accepting" } }) {
			until(step[0] + " clicked", () -> {
				String button = "#listeners tr[data-name='tcp'] button[aria-label='" + step[0] + " listener tcp']";
				this.browser.findElement(By.cssSelector(button)).click();
				return true;
			});
			until("the confirmation dialog opens", dialog::isDisplayed);
			this.browser.findElement(By.id("confirm-ok")).click();
			until("the listener shown " + step[1], () -> text("#listeners tr[data-name='tcp'] .state").equals(step[1]));
			assertThat((String) JsonPath.read(admin.ok("/actuator/listeners/tcp"), "$.state")).isEqualTo(step[1]);
			assertThat(text("#announce")).isEqualTo("Listener tcp is now " + step[1]);
		}

		// live traffic: rates, sparklines and latency percentiles computed by the page from the scrape
		try (LiveTraffic traffic = new LiveTraffic(this.server.connect())) {
			until("messages per second shown", () -> positive("#rate-messages-in .big"));
			until("latency percentiles shown", () -> text("#p99").matches("[0-9.,]+ (µs|ms|s)")
					&& text("#p50").matches("[0-9.,]+ (µs|ms|s)"));
			assertThat(positive("#rate-bytes-out .big")).isTrue();
			until("a sparkline drawn", () -> ((String) this.browser.executeScript(
					"return document.querySelector('#rate-messages-in polyline').getAttribute('points')")).split(" ").length > 2);
			screenshot("target/status-page.png");
		}
		this.browser.manage().window().setSize(new Dimension(390, 1400));
		screenshot("target/status-page-phone.png");
		assertThat(consoleErrors()).as("console errors").isEmpty();

		// the server stops: a banner says so, the numbers are marked stale
		this.server.close();
		this.server = null;
		until("the banner says the server is unreachable", () -> text("#banner").contains("Server unreachable"));
		assertThat(this.browser.findElement(By.id("main")).getDomAttribute("class")).contains("stale");
	}

	/**
	 * With a management port of its own ({@code management.server.port}), the page is served there with the
	 * endpoints, lists the clients, and its own writes (a pause and a resume, confirmed in the dialog) pass the
	 * check that refuses writes from another origin: a real browser sends {@code Origin} on them.
	 */
	@Test
	void worksOnAManagementPortOfItsOwn(@TempDir Path profile) {
		this.browser = HeadlessChromium.start(profile, 1280, 1100);
		this.server = UpcaseServer.start("--upcase.tcp.framing=line", "--spring.security.user.password=s3cret",
				"--management.server.port=0");
		int port = this.server.context().getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		assertThat(port).isNotEqualTo(this.server.httpPort());
		TcpTestClient client = this.server.connect();
		this.clients.add(client);
		assertThat(client.exchangeLine("separate")).isEqualTo("SEPARATE");

		this.browser.get("http://" + AdminClient.CREDENTIALS + "@127.0.0.1:" + port + "/");
		until("the table lists the client", () -> rowIds().size() == 1);
		WebElement dialog = this.browser.findElement(By.id("confirm"));
		for (String[] step : new String[][] { { "pause", "paused" }, { "resume", "accepting" } }) {
			until(step[0] + " clicked", () -> {
				String button = "#listeners tr[data-name='tcp'] button[aria-label='" + step[0] + " listener tcp']";
				this.browser.findElement(By.cssSelector(button)).click();
				return true;
			});
			until("the confirmation dialog opens", dialog::isDisplayed);
			this.browser.findElement(By.id("confirm-ok")).click();
			until("the listener shown " + step[1], () -> text("#listeners tr[data-name='tcp'] .state").equals(step[1]));
			assertThat(text("#announce")).isEqualTo("Listener tcp is now " + step[1]);
		}
		assertThat(consoleErrors()).as("console errors").isEmpty();
	}

	/**
	 * Read in one script, not element by element: the page refreshes every two seconds, and a snapshot taken across
	 * two refreshes would mix them.
	 * @return per connection row, its id and the text of the cells with these selectors
	 */
	@SuppressWarnings("unchecked")
	private List<List<String>> column(String... cells) {
		return (List<List<String>>) this.browser.executeScript("""
				return [...document.querySelectorAll('#connections tbody tr[data-id]')]
					.map((row) => [row.dataset.id, ...arguments[0].map((cell) => row.querySelector(cell).textContent)]);""",
				List.of(cells));
	}

	private List<String> rowIds() {
		return column().stream().map(row -> row.get(0)).toList();
	}

	private List<String> messagesShown() {
		return column(".messages").stream().map(row -> row.get(1)).toList();
	}

	/** @return whether the card's number, as the page computed it, is above zero */
	private boolean positive(String selector) {
		String value = this.browser.findElement(By.cssSelector(selector)).getDomAttribute("data-value");
		return value != null && !value.isEmpty() && Double.parseDouble(value) > 0;
	}

	/** one more client, sending a request every 20 ms until closed */
	private static final class LiveTraffic implements AutoCloseable {

		private final TcpTestClient client;

		private final Thread thread;

		private volatile boolean running = true;

		LiveTraffic(TcpTestClient client) {
			this.client = client;
			this.thread = new Thread(this::send, "live-traffic");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void send() {
			try {
				for (int i = 0; this.running; i++) {
					assertThat(this.client.exchangeLine("live " + i)).isEqualTo("LIVE " + i);
					Thread.sleep(20);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() {
			this.running = false;
			try {
				this.thread.join(Duration.ofSeconds(20).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.client.close();
		}

	}

	private String text(String selector) {
		return this.browser.findElement(By.cssSelector(selector)).getDomProperty("textContent");
	}

	private void until(String what, Supplier<Boolean> condition) {
		new WebDriverWait(this.browser, PATIENCE).withMessage(what)
			.ignoring(StaleElementReferenceException.class) // a row replaced by a refresh between find and read
			.until((WebDriver driver) -> condition.get());
	}

	/** @return the errors in the browser's console; a warning logged first proves the console is really read */
	private List<String> consoleErrors() {
		this.browser.executeScript("console.warn('StatusPageIT reads the console')");
		List<LogEntry> entries = this.browser.manage().logs().get(LogType.BROWSER).getAll();
		assertThat(entries).as("the browser's console, read")
			.anyMatch(entry -> entry.getMessage().contains("StatusPageIT reads the console"));
		return entries.stream()
			.filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.toList();
	}

	private void screenshot(String file) throws IOException {
		Path shot = this.browser.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, Path.of(file), StandardCopyOption.REPLACE_EXISTING);
	}

}
