package dev.upcase.server.management;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorPasswordEncoderTest {

	private static final String HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret");

	@Test
	void aPlainPasswordMatchesExactlyAndIsNeverUpgraded() {
		OperatorPasswordEncoder encoder = new OperatorPasswordEncoder("{noop}s3cret", new VerifiedLogins(Duration.ofMinutes(1)));
		assertThat(encoder.matches("s3cret", "{noop}s3cret")).isTrue();
		assertThat(encoder.matches("s3cre", "{noop}s3cret")).isFalse();
		assertThat(encoder.matches("s3cret ", "{noop}s3cret")).isFalse();
		assertThat(encoder.matches("", "{noop}s3cret")).isFalse();
		assertThat(encoder.upgradeEncoding("{noop}s3cret")).isFalse();
		assertThat(encoder.encode("x")).as("an unknown user costs what the operator costs").isEqualTo("{noop}x");
	}

	@Test
	void aHashedPasswordIsCheckedByItsAlgorithmRememberedWhenRightAndNeverUpgraded() {
		VerifiedLogins verified = new VerifiedLogins(Duration.ofMinutes(1));
		OperatorPasswordEncoder encoder = new OperatorPasswordEncoder(HASH, verified);
		assertThat(encoder.matches("wrong", HASH)).isFalse();
		assertThat(verified.size()).as("a wrong password is not remembered").isZero();
		assertThat(encoder.matches("s3cret", HASH)).isTrue();
		assertThat(verified.size()).isEqualTo(1);
		assertThat(encoder.matches("s3cret", HASH)).isTrue();
		assertThat(verified.size()).isEqualTo(1);
		assertThat(encoder.upgradeEncoding(HASH)).isFalse();
		assertThat(encoder.encode("x")).startsWith("{bcrypt}");
	}

	@Test
	void verifiedLoginsExpireAreBoundedAndCanBeOff() throws InterruptedException {
		VerifiedLogins brief = new VerifiedLogins(Duration.ofMillis(200));
		brief.add("s3cret", HASH);
		assertThat(brief.contains("s3cret", HASH)).isTrue();
		assertThat(brief.contains("s3cret!", HASH)).isFalse();
		assertThat(brief.contains("s3cret", "{bcrypt}another")).isFalse();
		Thread.sleep(400);
		assertThat(brief.contains("s3cret", HASH)).as("after its time").isFalse();

		VerifiedLogins many = new VerifiedLogins(Duration.ofMinutes(1));
		for (int i = 0; i < 1000; i++) {
			many.add("password " + i, HASH);
		}
		assertThat(many.size()).isEqualTo(VerifiedLogins.CAPACITY);

		VerifiedLogins off = new VerifiedLogins(Duration.ZERO);
		off.add("s3cret", HASH);
		assertThat(off.contains("s3cret", HASH)).isFalse();
	}

	@Test
	void theJvmVersionKeepsItsFeatureReleaseOnly() {
		assertThat(JvmVersionCoarsening.featureRelease("17.0.15+6-Debian-1deb12u1")).isEqualTo("17");
		assertThat(JvmVersionCoarsening.featureRelease("25+36-LTS")).isEqualTo("25");
		assertThat(JvmVersionCoarsening.featureRelease("weird")).isEqualTo("unknown");
	}

}
