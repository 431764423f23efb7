package dev.upcase.server.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A listener action ({@code POST /actuator/listeners/{name}}) that Spring MVC refuses before the endpoint sees it —
 * no or another {@code Content-Type} (415), a body that is not JSON (400) — is answered like the admin API's other
 * errors: a JSON body saying what is expected, instead of Spring's generic one. Everything else goes on to Spring's
 * own handling. Applies on the shared port and on a management port of its own alike (Boot's management context
 * asks the application's resolvers too).
 */
@Component
class ListenerActionErrors implements HandlerExceptionResolver, Ordered {

	static final String EXPECTED = "{\"action\":\"pause|resume|drain\"} with Content-Type: application/json";

	private final RequestMatcher listenerAction = EndpointRequest.to(ListenersEndpoint.class);

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!"POST".equals(request.getMethod()) || !this.listenerAction.matches(request)) {
			return null;
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			String type = request.getContentType();
			return answer(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
					type == null ? "a listener action needs a JSON body, and the request has no Content-Type"
							: "a listener action needs a JSON body, not " + type);
		}
		if (ex instanceof HttpMessageNotReadableException) {
			return answer(response, HttpServletResponse.SC_BAD_REQUEST, "the body is not valid JSON");
		}
		return null;
	}

	private static ModelAndView answer(HttpServletResponse response, int status, String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("expected", EXPECTED);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		try {
			response.getWriter().write(JsonMapper.shared().writeValueAsString(body));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
