package dev.upcase.server.management;

import java.net.http.HttpResponse;

import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's CycloneDX SBOM (META-INF/sbom, made by the build) is served at /actuator/sbom, to operators only: it
 * lists every library and version, which is a map for an attacker too.
 */
class SbomEndpointIT {

	@Test
	void theSbomIsServedWithCredentialsOnly() {
		try (UpcaseServer server = UpcaseServer.start()) {
			assertThat(server.get("/actuator/sbom").statusCode()).isEqualTo(401);
			assertThat(server.get("/actuator/sbom/application").statusCode()).isEqualTo(401);

			HttpResponse<String> list = server.get("/actuator/sbom", "operator:test");
			assertThat(list.statusCode()).isEqualTo(200);
			assertThat(list.body()).contains("\"application\"");

			HttpResponse<String> sbom = server.get("/actuator/sbom/application", "operator:test");
			assertThat(sbom.statusCode()).isEqualTo(200);
			assertThat(sbom.body()).containsPattern("\"bomFormat\"\\s*:\\s*\"CycloneDX\"")
				.contains("spring-integration-ip");
		}
	}

}
