package dev.upcase.server.management;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.HttpRequestHandlerAdapter;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * The status page on a management port of its own ({@code management.server.port}): the page calls
 * {@code /actuator/...} on the origin it was loaded from, so it must be served where the endpoints are. Only its
 * three files ({@code static/index.html}, {@code status.css}, {@code status.js}), behind the same login as the
 * endpoints. On the shared port Spring Boot serves them itself.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class StatusPageManagementContextConfiguration {

	@Bean
	ResourceHttpRequestHandler statusPageFiles() {
		ResourceHttpRequestHandler files = new ResourceHttpRequestHandler();
		files.setLocations(List.of(new ClassPathResource("static/")));
		return files;
	}

	@Bean
	SimpleUrlHandlerMapping statusPageMapping(ResourceHttpRequestHandler statusPageFiles) {
		// "/" is index.html: the resource handler serves the file named by the path within the mapping
		HttpRequestHandler index = (request, response) -> {
			request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, "index.html");
			statusPageFiles.handleRequest(request, response);
		};
		return new SimpleUrlHandlerMapping(Map.of("/", index, "/index.html", statusPageFiles, "/status.css",
				statusPageFiles, "/status.js", statusPageFiles), 0); // before any catch-all "/**"; after the endpoints
	}

	@Bean
	HttpRequestHandlerAdapter statusPageHandlerAdapter() {
		return new HttpRequestHandlerAdapter();
	}

}
