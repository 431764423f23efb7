package dev.upcase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import dev.upcase.server.UpcaseServerApplication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;

/**
 * The real application, started in this JVM on ephemeral ports (TCP and HTTP), for tests that talk to it over
 * sockets.
 */
public final class UpcaseServer implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private final int tcpPort;

	private UpcaseServer(ConfigurableApplicationContext context) {
		this.context = context;
		AbstractServerConnectionFactory factory = context.getBean(AbstractServerConnectionFactory.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(factory::isListening);
		this.tcpPort = factory.getPort();
	}

	/**
	 * @param args extra command-line arguments, e.g. {@code --upcase.tcp.framing=line}
	 */
	public static UpcaseServer start(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		// ephemeral ports; a set password keeps Boot from logging a generated one at every start
		for (String ephemeral : List.of("--upcase.tcp.port=0", "--server.port=0", "--spring.security.user.password=test")) {
			String name = ephemeral.substring(0, ephemeral.indexOf('=') + 1);
			if (all.stream().noneMatch(arg -> arg.startsWith(name))) {
				all.add(ephemeral);
			}
		}
		return new UpcaseServer(new SpringApplicationBuilder(UpcaseServerApplication.class).run(all.toArray(String[]::new)));
	}

	public int tcpPort() {
		return this.tcpPort;
	}

	public int httpPort() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** GET over real HTTP from the application's web port. */
	public HttpResponse<String> get(String path) {
		return get(path, null);
	}

	/** GET with HTTP Basic credentials ({@code user:password}), or none when {@code null}. */
	public HttpResponse<String> get(String path, @Nullable String credentials) {
		return send("GET", path, credentials, null);
	}

	/**
	 * Any request over real HTTP to the application's web port.
	 * @param credentials HTTP Basic {@code user:password}, or none when {@code null}
	 * @param json a JSON request body, or none when {@code null}
	 */
	public HttpResponse<String> send(String method, String path, @Nullable String credentials, @Nullable String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, json != null ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public TcpTestClient connect() {
		return new TcpTestClient(this.tcpPort);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
