package dev.upcase.server.management;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what on the management port. Open: the health probes (status only: {@code /actuator/health} and its
 * groups, {@code liveness} and {@code readiness}), the Prometheus scrape, metrics and build info, because Kubernetes
 * and Prometheus call them without credentials. Everything else needs HTTP Basic credentials
 * ({@code spring.security.user.name} / {@code spring.security.user.password}, {@link OperatorAccount}): the admin API
 * ({@code connections}, {@code listeners}; reads too, since peer addresses are personal data), a health component
 * ({@code /actuator/health/endpoints/tcp}: 401, not Boot's 404 for a caller who may not see details), the
 * integration graph, the SBOM, and anything added later. Health details and {@code info.java}/{@code info.os} are
 * shown only to a caller who sent credentials ({@code show-details=when-authorized},
 * {@link AuthenticatedOnlyInfoContributor}).
 * <p>
 * Stateless: every call carries its credentials, and no request creates an HTTP session — not even a 401, which by
 * default saves the request in a new session for a login that never comes (kept 30 minutes: anyone who reaches
 * the port could fill the heap with them). Failed logins are logged, counted and slow their source down
 * ({@link LoginFailures}, {@link LoginBackoffFilter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // no HTTP port, nothing to guard
class ManagementSecurityConfiguration {

	@Bean
	SecurityFilterChain managementSecurity(HttpSecurity http, HealthEndpointGroups healthGroups,
			LoginFailures loginFailures) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(healthStatus(healthGroups)).permitAll()
				.requestMatchers(EndpointRequest.to("info", "metrics", "prometheus")).permitAll()
				.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.requestCache(new NullRequestCache()))
			// CSRF: a browser sends a remembered Basic login with another site's requests too (the status page
			// relies on that memory for its own calls), so a cross-site write would carry the operator's
			// credentials. Spring's CSRF tokens would need a session or a cookie this stateless API does not have;
			// browsers name the page a request comes from in Origin instead, and a write whose Origin is another
			// site is refused (WriteOriginFilter). Scripts and curl send no Origin.
			.csrf(csrf -> csrf.disable())
			.addFilterBefore(new WriteOriginFilter(), BasicAuthenticationFilter.class)
			.addFilterBefore(new LoginBackoffFilter(loginFailures), BasicAuthenticationFilter.class)
			.build();
	}

	/** {@code /actuator/health} and {@code /actuator/health/<group>}: the status, not a component's details */
	private static RequestMatcher healthStatus(HealthEndpointGroups groups) {
		RequestMatcher statusPath = request -> {
			String path = request.getRequestURI();
			return path.endsWith("/health") || groups.getNames().stream().anyMatch(group -> path.endsWith("/health/" + group));
		};
		return new AndRequestMatcher(EndpointRequest.to("health"), statusPath);
	}

	@Bean
	OperatorAccount operatorAccount(SecurityProperties security) {
		return new OperatorAccount(security.getUser());
	}

	/**
	 * Passwords as configured: plain ({@code spring.security.user.password}) or with an algorithm prefix such as
	 * {@code {bcrypt}$2a$...}, never rewritten ({@link OperatorPasswordEncoder}).
	 */
	@Bean
	PasswordEncoder managementPasswordEncoder(OperatorAccount account, ManagementProperties properties) {
		return new OperatorPasswordEncoder(account.password(), new VerifiedLogins(properties.loginCacheTtl()));
	}

}
