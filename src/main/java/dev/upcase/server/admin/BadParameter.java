package dev.upcase.server.admin;

/**
 * A query parameter the admin API does not accept: answered with 400 and a body naming the parameter, the value
 * and what is accepted.
 */
final class BadParameter extends RuntimeException {

	private final String parameter;

	private final String value;

	BadParameter(String parameter, String value, String accepted) {
		super(parameter + " must be " + accepted + ", not '" + value + "'");
		this.parameter = parameter;
		this.value = value;
	}

	String parameter() {
		return this.parameter;
	}

	String value() {
		return this.value;
	}

}
