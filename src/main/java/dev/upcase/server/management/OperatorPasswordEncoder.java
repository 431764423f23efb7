package dev.upcase.server.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the operator's password as it was configured, and never changes it: a plain one ({@code {noop}...}, which is
 * what Boot makes of a password without a prefix) compared in constant time; a hashed one ({@code {bcrypt}...} and
 * the other ids of Spring Security's delegating encoder) with its algorithm, a success remembered for a short while
 * ({@link VerifiedLogins}) so that a script's next calls skip the 250–450 ms of a BCrypt check each.
 * <p>
 * Spring Security's usual setup would "upgrade" a password it finds in an older form after a login, and with
 * {@code noop} as the encoder for new passwords, that turned a configured hash into {@code {noop}<plain password>}
 * in memory. Here {@link #upgradeEncoding} is always {@code false}, and {@link OperatorAccount} is no
 * {@code UserDetailsPasswordService}: nothing could store an upgrade anyway.
 */
final class OperatorPasswordEncoder implements PasswordEncoder {

	static final String PLAIN = "{noop}";

	private final PasswordEncoder hashes = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final VerifiedLogins verified;

	private final boolean plainConfigured;

	/**
	 * @param configured the operator's password as configured, with its {@code {id}} prefix
	 */
	OperatorPasswordEncoder(String configured, VerifiedLogins verified) {
		this.plainConfigured = configured.startsWith(PLAIN);
		this.verified = verified;
	}

	/**
	 * Only for Spring Security's defence against telling a wrong user name from a wrong password by the time taken:
	 * an unknown user is checked against a password of the same kind as the operator's, so both cost the same.
	 */
	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		if (rawPassword == null) {
			return null;
		}
		return this.plainConfigured ? PLAIN + rawPassword : this.hashes.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return false;
		}
		if (encodedPassword.startsWith(PLAIN)) {
			return sameInConstantTime(rawPassword, encodedPassword.substring(PLAIN.length()));
		}
		if (this.verified.contains(rawPassword, encodedPassword)) {
			return true;
		}
		boolean matches = this.hashes.matches(rawPassword, encodedPassword);
		if (matches) {
			this.verified.add(rawPassword, encodedPassword);
		}
		return matches;
	}

	/** Never: the configured password stays as it was configured (no {@code {noop}} copy of a hash's password). */
	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return false;
	}

	/** Compares digests, so that neither the content nor the length of the password shows in the time taken. */
	private static boolean sameInConstantTime(CharSequence presented, String configured) {
		return MessageDigest.isEqual(sha256(presented.toString()), sha256(configured));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
