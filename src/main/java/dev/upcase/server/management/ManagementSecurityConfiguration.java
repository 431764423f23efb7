package dev.upcase.server.management;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Probes, scrapes and build info are open, because Kubernetes and Prometheus call them without credentials;
 * every other endpoint (the integration graph, and anything added later) needs HTTP Basic credentials, set with
 * {@code spring.security.user.name} / {@code spring.security.user.password}.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

	@Bean
	SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(EndpointRequest.to("health", "info", "metrics", "prometheus")).permitAll()
				.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf(csrf -> csrf.disable()) // no browser sessions: every call carries its credentials
			.build();
	}

}
