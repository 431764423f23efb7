package dev.upcase.server.transport;

import org.jspecify.annotations.Nullable;

/**
 * Text that came from a client, or carries its bytes (an exception's message, like the JDK's {@code not an SSL/TLS
 * record: <hexdump of everything it sent>}), made fit for one log line and the closed-connections ring: control
 * and other invisible characters escaped ({@code \n}, {@code \x1b}, {@code \u200b}), so that a client cannot forge
 * lines or hide text, and cut at {@value #MAX_CHARS} characters, saying how many more there were.
 */
public final class ClientText {

	/** Enough for any reason a close or refusal gives, and for the start of what a client sent. */
	public static final int MAX_CHARS = 120;

	private ClientText() {
	}

	/** @return the text, escaped and cut to {@value #MAX_CHARS} characters (plus the note of the cut); {@code null} stays */
	public static @Nullable String bounded(@Nullable String text) {
		if (text == null) {
			return null;
		}
		StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 32);
		int i = 0;
		while (i < text.length()) {
			int c = text.codePointAt(i);
			String shown = shown(c);
			if (out.length() + shown.length() > MAX_CHARS) {
				break;
			}
			out.append(shown);
			i += Character.charCount(c);
		}
		if (i < text.length()) {
			out.append("… (").append(text.codePointCount(i, text.length())).append(" more characters)");
		}
		return out.toString();
	}

	private static String shown(int c) {
		switch (c) {
			case '\n':
				return "\\n";
			case '\r':
				return "\\r";
			case '\t':
				return "\\t";
			case '\\':
				return "\\\\";
			default:
				break;
		}
		if (Character.isISOControl(c) || !visible(c)) {
			return c <= 0xFF ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
		}
		return new String(Character.toChars(c));
	}

	/** Letters, digits, marks, punctuation, symbols and the plain space: what a reader sees for what it is. */
	private static boolean visible(int c) {
		int type = Character.getType(c);
		return c == ' ' || !(type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
				|| type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.UNASSIGNED
				|| type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.CONTROL);
	}

}
