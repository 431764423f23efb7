package dev.upcase.server.management;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Who may call what on the management port. Open: the health probes (status only), the Prometheus scrape, metrics
 * and build info, because Kubernetes and Prometheus call them without credentials. Everything else needs HTTP Basic
 * credentials ({@code spring.security.user.name} / {@code spring.security.user.password}): the admin API
 * ({@code connections}, {@code listeners}; reads too, since peer addresses are personal data), the integration
 * graph, and anything added later. Health details and {@code info.java}/{@code info.os} are shown only to a caller
 * who sent credentials ({@code show-details=when-authorized}, {@link AuthenticatedOnlyInfoContributor}).
 * <p>
 * Stateless: every call carries its credentials, and no request creates an HTTP session — not even a 401, which by
 * default saves the request in a new session for a login that never comes (kept 30 minutes: anyone who reaches
 * the port could fill the heap with them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // no HTTP port, nothing to guard
class ManagementSecurityConfiguration {

	@Bean
	SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(EndpointRequest.to("health", "info", "metrics", "prometheus")).permitAll()
				.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.requestCache(new NullRequestCache()))
			// CSRF protection defends a browser's session cookie (or a remembered Basic login) from being used by
			// another site's form. This API has neither: no session exists, callers are scripts and operators' curl
			// sending credentials explicitly on every call, so a forged cross-site request carries none. A CSRF
			// token would only make every write a two-step dance without protecting anything.
			.csrf(csrf -> csrf.disable())
			.build();
	}

	/**
	 * Passwords as configured: plain ({@code spring.security.user.password}, as Boot keeps it anyway) or with an
	 * algorithm prefix such as {@code {bcrypt}$2a$...}. Without this bean Spring Security re-hashes a plain password
	 * with BCrypt after the first login, and from then on every call (each carries its credentials: no sessions)
	 * pays a BCrypt check, measured at 250–450 ms of CPU here — and so does every wrong password anyone sends.
	 * Whoever wants a hash at rest sets one, and pays its cost knowingly.
	 */
	@Bean
	@SuppressWarnings("deprecation") // NoOpPasswordEncoder: deprecated as a warning, the plain password is the point
	PasswordEncoder managementPasswordEncoder() {
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("noop",
				java.util.Map.of("noop", NoOpPasswordEncoder.getInstance(), "bcrypt", new BCryptPasswordEncoder()));
		encoder.setDefaultPasswordEncoderForMatches(NoOpPasswordEncoder.getInstance());
		return encoder;
	}

}
