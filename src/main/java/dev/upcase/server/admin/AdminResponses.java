package dev.upcase.server.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The admin API's answers that are not 200: JSON error bodies, never an HTML page or an empty body. */
final class AdminResponses {

	private AdminResponses() {
	}

	static WebEndpointResponse<Object> ok(Object body) {
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

	/** 404 {@code {"error": ..., "id": ...}} */
	static WebEndpointResponse<Object> notFound(String error, String idName, String id) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put(idName, id);
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
	}

	/** 409 {@code {"error": ..., "state": ...}}: an action the listener cannot take in its state */
	static WebEndpointResponse<Object> conflict(String error, String state) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("state", state);
		return new WebEndpointResponse<>(body, 409);
	}

	/** 400 {@code {"error": ..., "parameter": ..., "value": ...}} */
	static WebEndpointResponse<Object> badRequest(BadParameter bad) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", bad.getMessage());
		body.put("parameter", bad.parameter());
		body.put("value", bad.value());
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

}
