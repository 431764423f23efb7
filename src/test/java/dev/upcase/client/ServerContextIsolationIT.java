package dev.upcase.client;

import java.util.Arrays;

import dev.upcase.UpcaseServer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.gateway.GatewayProxyFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and the client share a jar, never a Spring context: the server's component scan and Spring Boot's
 * automatic {@code @IntegrationComponentScan} cover {@code dev.upcase.server} only, so neither the client's
 * configuration nor its {@code @MessagingGateway} may show up in the server. ({@link ClientContextIsolationIT} checks
 * the other way round.)
 */
class ServerContextIsolationIT {

	@Test
	void theServersContextHasNothingOfTheClient() {
		try (UpcaseServer server = UpcaseServer.start("--spring.security.user.password=s3cret")) {
			ConfigurableApplicationContext context = server.context();
			assertThat(context.getBeanNamesForType(UpcaseClient.class)).isEmpty();
			assertThat(context.getBeanNamesForType(GatewayProxyFactoryBean.class, true, false)).isEmpty();
			assertThat(Arrays.stream(context.getBeanDefinitionNames()))
				.allSatisfy(name -> assertThat(typeName(context, name)).doesNotStartWith("dev.upcase.client."))
				.noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("upcaseclient"));
			var graph = server.get("/actuator/integrationgraph", "operator:s3cret");
			assertThat(graph.statusCode()).isEqualTo(200);
			assertThat(graph.body()).contains("upcaseFlow")
				.doesNotContain("dev.upcase.client")
				.doesNotContainIgnoringCase("upcaseClient")
				.doesNotContain("gateway#exchange");
		}
	}

	private static String typeName(ConfigurableApplicationContext context, String beanName) {
		Class<?> type = context.getType(beanName, false);
		return type != null ? type.getName() : "";
	}

}
