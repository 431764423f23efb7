package dev.upcase.server.management;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the management side answers to requests a browser, a script or a newcomer sends it, over real HTTP: a write
 * from another site's page (refused), a listener action without JSON or with broken JSON (told what is expected), a
 * resume after a drain (409), a health component without credentials (401), and the JVM version (no exact build
 * without credentials).
 */
class ManagementRequestsIT {

	private static final String CREDENTIALS = "operator:s3cret";

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static UpcaseServer server;

	@BeforeAll
	static void start() {
		server = UpcaseServer.start("--spring.security.user.password=s3cret");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.httpPort() + path);
	}

	private static HttpResponse<String> post(String path, Map<String, String> headers, String body) {
		return ManagementHttp.send("POST", uri(path), CREDENTIALS, headers, body);
	}

	private static Map<String, String> with(Map<String, String> headers, String name, String value) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.put(name, value);
		return all;
	}

	@Test
	void aWriteFromAnotherSitesPageIsRefusedWithAClearAnswer() {
		String self = "http://127.0.0.1:" + server.httpPort();
		for (String foreign : List.of("https://evil.example", "http://127.0.0.1:" + (server.httpPort() + 1),
				"https://127.0.0.1:" + server.httpPort(), "null")) {
			HttpResponse<String> refused = post("/actuator/listeners/tcp", with(JSON, "Origin", foreign),
					"{\"action\":\"pause\"}");
			assertThat(refused.statusCode()).as(foreign).isEqualTo(403);
			assertThat((String) JsonPath.read(refused.body(), "$.error")).contains("cross-origin write refused");
			assertThat((String) JsonPath.read(refused.body(), "$.origin")).isEqualTo(foreign);
			assertThat((String) JsonPath.read(refused.body(), "$.expected")).isEqualTo(self);
			HttpResponse<String> delete = ManagementHttp.send("DELETE", uri("/actuator/connections?all=true"), CREDENTIALS,
					Map.of("Origin", foreign), null);
			assertThat(delete.statusCode()).as("DELETE from " + foreign).isEqualTo(403);
		}
		assertThat(state()).as("nothing was paused").isEqualTo("accepting");

		assertThat(post("/actuator/listeners/tcp", with(JSON, "Origin", self), "{\"action\":\"pause\"}").statusCode())
			.as("the page's own origin").isEqualTo(200);
		assertThat(post("/actuator/listeners/tcp", with(JSON, "Origin", "http://LOCALHOST:" + server.httpPort()),
				"{\"action\":\"resume\"}").statusCode())
			.as("a foreign host name").isEqualTo(403);
		HttpResponse<String> curl = post("/actuator/listeners/tcp", JSON, "{\"action\":\"resume\"}");
		assertThat(curl.statusCode()).as("no Origin: curl, scripts").isEqualTo(200);
		assertThat(state()).isEqualTo("accepting");
		assertThat(ManagementHttp.send("GET", uri("/actuator/listeners"), CREDENTIALS, Map.of("Origin", "https://evil.example"),
				null).statusCode()).as("reads are not writes (and CORS keeps their answer from the other page)")
			.isEqualTo(200);
	}

	@Test
	void aListenerActionWithoutJsonSaysWhatIsExpected() {
		HttpResponse<String> untyped = post("/actuator/listeners/tcp", Map.of(), "{\"action\":\"pause\"}");
		assertThat(untyped.statusCode()).isEqualTo(415);
		assertThat(untyped.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
		assertThat((String) JsonPath.read(untyped.body(), "$.error")).contains("no Content-Type");
		assertThat((String) JsonPath.read(untyped.body(), "$.expected"))
			.isEqualTo("{\"action\":\"pause|resume|drain\"} with Content-Type: application/json");

		HttpResponse<String> form = post("/actuator/listeners/tcp",
				Map.of("Content-Type", "application/x-www-form-urlencoded"), "action=pause");
		assertThat(form.statusCode()).isEqualTo(415);
		assertThat((String) JsonPath.read(form.body(), "$.error")).contains("application/x-www-form-urlencoded");

		for (String broken : List.of("{\"action\":", "pause", "{action: pause}")) {
			HttpResponse<String> malformed = post("/actuator/listeners/tcp", JSON, broken);
			assertThat(malformed.statusCode()).as(broken).isEqualTo(400);
			assertThat((String) JsonPath.read(malformed.body(), "$.error")).as(broken).contains("not valid JSON");
			assertThat((String) JsonPath.read(malformed.body(), "$.expected")).contains("pause|resume|drain");
		}
		assertThat(state()).isEqualTo("accepting");
		assertThat(ManagementHttp.send("POST", uri("/actuator/listeners/tcp"), null, Map.of(), "x").statusCode())
			.as("without credentials: 401 first, whatever the body").isEqualTo(401);
	}

	@Test
	void healthComponentsNeedCredentialsWhileTheProbesStayOpen() {
		assertThat(ManagementHttp.get(uri("/actuator/health/endpoints/tcp"), null).statusCode()).isEqualTo(401);
		assertThat(ManagementHttp.get(uri("/actuator/health/endpoints"), null).statusCode()).isEqualTo(401);
		HttpResponse<String> tcp = ManagementHttp.get(uri("/actuator/health/endpoints/tcp"), CREDENTIALS);
		assertThat(tcp.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(tcp.body(), "$.details.state")).isEqualTo("accepting");
		for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			assertThat(ManagementHttp.get(uri(probe), null).statusCode()).as(probe).isEqualTo(200);
		}
	}

	@Test
	void theJvmVersionWithoutCredentialsIsTheFeatureReleaseOnly() {
		String feature = String.valueOf(Runtime.version().feature());
		String exact = System.getProperty("java.runtime.version");
		List<String> scraped = server.get("/actuator/prometheus").body().lines().filter(l -> l.startsWith("jvm_info{")).toList();
		assertThat(scraped).hasSize(1);
		assertThat(scraped.get(0)).contains("version=\"" + feature + "\"").doesNotContain(exact);
		String metric = server.get("/actuator/metrics/jvm.info").body();
		assertThat((List<String>) JsonPath.read(metric, "$.availableTags[?(@.tag=='version')].values[*]"))
			.containsExactly(feature);
		assertThat(metric).doesNotContain(exact);
		assertThat((String) JsonPath.read(server.get("/actuator/info", CREDENTIALS).body(), "$.java.version"))
			.as("the exact version, for an operator").isEqualTo(System.getProperty("java.version"));
	}

	@Test
	void resumeAfterDrainIs409WithWhy() {
		try (UpcaseServer draining = UpcaseServer.start("--spring.security.user.password=s3cret")) {
			URI listener = URI.create("http://127.0.0.1:" + draining.httpPort() + "/actuator/listeners/tcp");
			assertThat(ManagementHttp.send("POST", listener, CREDENTIALS, JSON, "{\"action\":\"drain\"}").statusCode())
				.isEqualTo(200);
			HttpResponse<String> resume = ManagementHttp.send("POST", listener, CREDENTIALS, JSON, "{\"action\":\"resume\"}");
			assertThat(resume.statusCode()).as("a drain is not undone, its lame duck included").isEqualTo(409);
			assertThat((String) JsonPath.read(resume.body(), "$.state")).isIn("lame-duck", "draining");
			assertThat((String) JsonPath.read(resume.body(), "$.error")).contains("cannot resume listener tcp", "draining",
					"final");
			assertThat(ManagementHttp.send("POST", listener, CREDENTIALS, JSON, "{\"action\":\"pause\"}").statusCode())
				.isEqualTo(409);
			assertThat(ManagementHttp.send("POST", listener, CREDENTIALS, JSON, "{\"action\":\"drain\"}").statusCode())
				.as("draining again is what is already so").isEqualTo(200);
		}
	}

	private static String state() {
		return JsonPath.read(ManagementHttp.get(uri("/actuator/listeners/tcp"), CREDENTIALS).body(), "$.state");
	}

}
