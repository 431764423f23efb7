package dev.upcase.server.management;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.actuate.info.JavaInfoContributor;
import org.springframework.boot.actuate.info.OsInfoContributor;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * {@code java} and {@code os} in {@code /actuator/info}, only for a caller who sent valid credentials: the exact
 * JVM and kernel versions help an attacker pick an exploit, and the container binds the management port to every
 * interface. Boot's own contributors for them are off ({@code management.info.java.enabled=false},
 * {@code management.info.os.enabled=false}); build and git info stay open.
 */
@Component
class AuthenticatedOnlyInfoContributor implements InfoContributor {

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final InfoContributor java = new JavaInfoContributor();

	private final InfoContributor os = new OsInfoContributor();

	@Override
	public void contribute(Info.Builder builder) {
		if (this.trust.isAuthenticated(SecurityContextHolder.getContext().getAuthentication())) {
			this.java.contribute(builder);
			this.os.contribute(builder);
		}
	}

}
