package dev.upcase.server.management;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login from a source that failed too often just before ({@link LoginBackoff}), with 429 and
 * {@code Retry-After}, before its credentials are checked: a guesser's next try costs it the wait and the server no
 * password check. Requests without credentials (probes, the scrape) pass as before, and so does every other source.
 */
final class LoginBackoffFilter extends OncePerRequestFilter {

	private final LoginFailures failures;

	LoginBackoffFilter(LoginFailures failures) {
		this.failures = failures;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			Duration left = this.failures.refusedFor(request.getRemoteAddr());
			if (!left.isZero()) {
				long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
				this.failures.refused(request.getRemoteAddr(), left);
				response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
				JsonRefusal.send(response, 429, Map.of("error",
						"too many failed logins from this address: try again in " + seconds + " s",
						"retryAfterSeconds", seconds));
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
