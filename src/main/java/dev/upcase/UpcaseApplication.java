package dev.upcase;

import java.util.Arrays;

import dev.upcase.cli.ClientCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * upcase: a TCP service that answers every message with the same text uppercased. The same jar is its client:
 * {@code java -jar upcase.jar client ...} runs {@link ClientCli} instead of the server.
 * <p>
 * {@code @SpringBootApplication}, spelled out to keep the client ({@code dev.upcase.cli}, which has a Spring
 * context of its own) out of the server's component scan.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.upcase\\.cli\\..*") })
@ConfigurationPropertiesScan
public class UpcaseApplication {

	public static void main(String[] args) {
		if (args.length > 0 && ClientCli.COMMAND.equals(args[0])) {
			System.exit(ClientCli.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(UpcaseApplication.class, args);
	}

}
