package dev.upcase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * upcase: a TCP service that answers every message with the same text uppercased.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UpcaseApplication {

	public static void main(String[] args) {
		SpringApplication.run(UpcaseApplication.class, args);
	}

}
