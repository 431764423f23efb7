package dev.upcase.server.admin;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.upcase.TcpTestClient;
import dev.upcase.UpcaseServer;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API as an operator's script calls it: real HTTP with the operator's credentials. */
final class AdminClient {

	static final String CREDENTIALS = "operator:s3cret";

	private final UpcaseServer server;

	AdminClient(UpcaseServer server) {
		this.server = server;
	}

	HttpResponse<String> get(String path) {
		return this.server.get(path, CREDENTIALS);
	}

	HttpResponse<String> delete(String path) {
		return this.server.send("DELETE", path, CREDENTIALS, null);
	}

	HttpResponse<String> post(String path, @Nullable String json) {
		return this.server.send("POST", path, CREDENTIALS, json);
	}

	/** @return the body of a GET that must answer 200 */
	String ok(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
		return response.body();
	}

	/** @return the ids in a connection list, in its order */
	List<String> ids(String path) {
		return JsonPath.read(ok(path), "$.connections[*].id");
	}

	int total(String path) {
		return JsonPath.read(ok(path), "$.total");
	}

	/** @return the open connection of this test client, as the admin API lists it */
	Map<String, Object> connectionOf(TcpTestClient client) {
		List<Map<String, Object>> found = JsonPath.read(ok("/actuator/connections?peer=" + peer(client)),
				"$.connections");
		assertThat(found).as("connections of " + peer(client)).hasSize(1);
		return found.get(0);
	}

	String idOf(TcpTestClient client) {
		return (String) connectionOf(client).get("id");
	}

	/** @return {@code {"closed": N}}'s N from a DELETE that must answer 200 */
	int closed(String path) {
		HttpResponse<String> response = delete(path);
		assertThat(response.statusCode()).as("DELETE " + path + " → " + response.body()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.closed");
	}

	/** @return the state after a POST of this action, which must answer 200 */
	String act(String action) {
		HttpResponse<String> response = post("/actuator/listeners/tcp", "{\"action\":\"" + action + "\"}");
		assertThat(response.statusCode()).as(action + " → " + response.body()).isEqualTo(200);
		return JsonPath.read(response.body(), "$.state");
	}

	int readiness() {
		return this.server.get("/actuator/health/readiness").statusCode();
	}

	/** @return a sample of a counter in the Prometheus scrape (open, no credentials) */
	double scraped(String series) {
		return this.server.get("/actuator/prometheus")
			.body()
			.lines()
			.filter(line -> line.startsWith(series))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	static String peer(TcpTestClient client) {
		return "127.0.0.1:" + client.localPort();
	}

}
