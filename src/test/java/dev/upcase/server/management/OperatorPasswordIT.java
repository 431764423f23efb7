package dev.upcase.server.management;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.upcase.UpcaseServer;
import dev.upcase.server.UpcaseServerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's password as configured stays as configured: a {@code {bcrypt}} hash is never "upgraded" to a
 * {@code {noop}} copy of the password in memory, logins against it are checked by BCrypt once and then remembered
 * for a while (a stateless caller sends its credentials on every call), and a wrong password is refused. Over real
 * HTTP against the running application, whose beans the test then reads.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorPasswordIT {

	private static final String PASSWORD = "correct horse battery staple";

	@Test
	void aBcryptPasswordStaysAHashAfterLoginsAndRepeatedLoginsAreQuick() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(10).encode(PASSWORD);
		try (UpcaseServer server = UpcaseServer.start("--spring.security.user.password=" + hash)) {
			URI listeners = URI.create("http://127.0.0.1:" + server.httpPort() + "/actuator/listeners");
			List<Long> millis = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD).statusCode()).isEqualTo(200);
				millis.add((System.nanoTime() - start) / 1_000_000);
			}
			// a measurement for the report, not a pass mark: the first call pays BCrypt, the next ones do not
			System.out.println("OperatorPasswordIT: ms per authenticated call with a {bcrypt} password: " + millis);
			assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD.toUpperCase()).statusCode()).isEqualTo(401);
			assertThat(ManagementHttp.get(listeners, "operator:").statusCode()).isEqualTo(401);
			assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD).statusCode()).as("right again").isEqualTo(200);

			ConfigurableApplicationContext context = server.context();
			assertThat(context.getBean(UserDetailsService.class).loadUserByUsername("operator").getPassword())
				.as("the operator's password in memory after the logins").isEqualTo(hash);
			assertThat(context.getBeansOfType(UserDetailsPasswordService.class))
				.as("nothing that could store an upgraded password").isEmpty();
		}
	}

	@Test
	void aPlainPasswordIsComparedAsConfigured() {
		try (UpcaseServer server = UpcaseServer.start("--spring.security.user.password=" + PASSWORD)) {
			URI listeners = URI.create("http://127.0.0.1:" + server.httpPort() + "/actuator/listeners");
			assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD).statusCode()).isEqualTo(200);
			assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD + " ").statusCode()).isEqualTo(401);
			assertThat(ManagementHttp.get(listeners, "operator:" + PASSWORD.substring(1)).statusCode()).isEqualTo(401);
			assertThat(server.context().getBean(UserDetailsService.class).loadUserByUsername("operator").getPassword())
				.isEqualTo("{noop}" + PASSWORD);
		}
	}

	@Test
	void aGeneratedPasswordIsLoggedWithItsUserAndHowToSetARealOne(CapturedOutput output) {
		// started directly: the test helper sets a password
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(UpcaseServerApplication.class)
			.run("--upcase.tcp.port=0", "--server.port=0")) {
			String line = output.getOut()
				.lines()
				.filter(l -> l.contains("No password is set"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no line about the generated password in:\n" + output.getOut()));
			assertThat(line).contains("WARN", "management user 'operator'", "spring.security.user.password",
					"SPRING_SECURITY_USER_PASSWORD", "Secret upcase-operator");
			String generated = line.replaceAll(".*generated one, (\\S+) .*", "$1");
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			URI listeners = URI.create("http://127.0.0.1:" + port + "/actuator/listeners");
			assertThat(ManagementHttp.get(listeners, "operator:" + generated).statusCode()).as(generated).isEqualTo(200);
			assertThat(output.getOut()).doesNotContain("Using generated security password");
		}
	}

}
