package dev.upcase.server;

import dev.upcase.server.tcp.TlsRenegotiation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The upcase server: a Spring Boot application whose component scan covers {@code dev.upcase.server} only —
 * the TCP endpoint, the flow, metrics and management. The client ({@code dev.upcase.client}) is outside it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UpcaseServerApplication {

	public static void main(String[] args) {
		TlsRenegotiation.refuseClientInitiated(); // before any TLS handshake of this JVM: the JDK reads it once
		SpringApplication.run(UpcaseServerApplication.class, args);
	}

}
