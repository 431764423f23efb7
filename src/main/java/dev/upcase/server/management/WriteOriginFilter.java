package dev.upcase.server.management;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.upcase.server.transport.ClientText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) that a browser sent from another
 * site's page: browsers send a remembered Basic login along with cross-site requests, and name the page's origin in
 * {@code Origin}. A write whose {@code Origin} is present and is not this server's own origin (scheme, host and port
 * as the request arrived) gets 403 with a body saying why. Scripts and curl send no {@code Origin} and pass; the
 * status page is same-origin and passes.
 */
final class WriteOriginFilter extends OncePerRequestFilter {

	private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null || !WRITES.contains(request.getMethod()) || sameOrigin(origin, request)) {
			chain.doFilter(request, response);
			return;
		}
		JsonRefusal.send(response, HttpServletResponse.SC_FORBIDDEN, Map.of("error",
				"cross-origin write refused: a page from another origin sent it; send it from the status page, or "
						+ "without an Origin header (curl, scripts)",
				"origin", ClientText.bounded(origin), "expected", ownOrigin(request)));
	}

	static boolean sameOrigin(String origin, HttpServletRequest request) {
		try {
			URI uri = new URI(origin.trim());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return false; // "null" (a sandboxed page, a file) and anything that is not an origin
			}
			return normalized(uri.getScheme(), uri.getHost(), uri.getPort()).equals(ownOrigin(request));
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

	/** @return {@code scheme://host[:port]} as a browser serialises an origin: the default port left out */
	static String ownOrigin(HttpServletRequest request) {
		return normalized(request.getScheme(), request.getServerName(), request.getServerPort());
	}

	private static String normalized(String scheme, String host, int port) {
		String lowerScheme = scheme.toLowerCase(Locale.ROOT);
		String lowerHost = host.toLowerCase(Locale.ROOT);
		if (lowerHost.contains(":") && !lowerHost.startsWith("[")) {
			lowerHost = "[" + lowerHost + "]";
		}
		boolean defaultPort = port == -1 || (lowerScheme.equals("http") && port == 80)
				|| (lowerScheme.equals("https") && port == 443);
		return lowerScheme + "://" + lowerHost + (defaultPort ? "" : ":" + port);
	}

}
