package dev.upcase.server.management;

import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The one account of the management side: {@code spring.security.user.name} (operator) with
 * {@code spring.security.user.password} exactly as configured — a plain password, or a hash with its algorithm
 * prefix ({@code {bcrypt}$2a$...}). Read-only: it is no {@code UserDetailsPasswordService}, so Spring Security cannot
 * replace the configured hash after a login (see {@link OperatorPasswordEncoder}). Without a configured password a
 * random one is made, and the log says for whom and how to set a real one.
 */
final class OperatorAccount implements UserDetailsService {

	private static final Logger logger = LoggerFactory.getLogger(OperatorAccount.class);

	private static final Pattern WITH_ALGORITHM = Pattern.compile("^\\{.+}.*$");

	private final String name;

	private final String password;

	private final String[] roles;

	OperatorAccount(SecurityProperties.User user) {
		this.name = user.getName();
		this.password = WITH_ALGORITHM.matcher(user.getPassword()).matches() ? user.getPassword()
				: OperatorPasswordEncoder.PLAIN + user.getPassword();
		this.roles = user.getRoles().toArray(String[]::new);
		if (user.isPasswordGenerated()) {
			logger.warn("No password is set for the management user '{}': this process generated one, {} . Fit for a "
					+ "try-out only; set a real one with spring.security.user.password (environment: "
					+ "SPRING_SECURITY_USER_PASSWORD; on Kubernetes, the Secret upcase-operator), plain or as "
					+ "{bcrypt}<hash>", this.name, user.getPassword());
		}
	}

	/** @return the password as configured, with its algorithm prefix ({@code {noop}} for a plain one) */
	String password() {
		return this.password;
	}

	/** @return a fresh copy every time: Spring Security erases the password of the copy it authenticated with */
	@Override
	public UserDetails loadUserByUsername(String username) {
		if (!this.name.equals(username)) {
			throw new UsernameNotFoundException("not the management user");
		}
		return User.withUsername(this.name).password(this.password).roles(this.roles).build();
	}

}
