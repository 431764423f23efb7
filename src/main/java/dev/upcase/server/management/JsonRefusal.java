package dev.upcase.server.management;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/** A refusal the management side answers itself, before any endpoint: a JSON body, like the admin API's errors. */
final class JsonRefusal {

	private JsonRefusal() {
	}

	static void send(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JsonMapper.shared().writeValueAsString(body));
	}

}
