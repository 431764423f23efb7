package dev.upcase.server.management;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Real HTTP to the management side, with the headers a test needs to choose ({@code Origin}, {@code Content-Type}),
 * and from a chosen local address (another loopback address is another source to the server).
 */
final class ManagementHttp {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private ManagementHttp() {
	}

	static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @param headers extra request headers, e.g. {@code Origin}
	 * @param body a request body (sent as it is, with only the headers given), or none when {@code null}
	 */
	static HttpResponse<String> send(HttpClient client, String method, URI uri, @Nullable String credentials,
			Map<String, String> headers, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.method(method, body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		if (credentials != null) {
			request.header("Authorization", basic(credentials));
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static HttpResponse<String> send(String method, URI uri, @Nullable String credentials, Map<String, String> headers,
			@Nullable String body) {
		return send(HTTP, method, uri, credentials, headers, body);
	}

	static HttpResponse<String> get(URI uri, @Nullable String credentials) {
		return send("GET", uri, credentials, Map.of(), null);
	}

	/**
	 * A GET over a plain socket bound to {@code from} (say 127.0.0.2): the JDK's HTTP client cannot choose its
	 * source address on Java 17.
	 * @return the status code
	 */
	static int getFrom(InetAddress from, int port, String path, String credentials) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + basic(credentials)
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
			return Integer.parseInt(status.split(" ")[1]); // HTTP/1.1 200
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
